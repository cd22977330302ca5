package app.lumen.download;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The downloader's access to the disk that is worth replacing in tests: free space, and the stream
 * a {@code .part} file is appended through. Implementations must be thread-safe.
 */
public interface DownloadStorage {
  DownloadStorage FILE_SYSTEM =
      new DownloadStorage() {
        @Override
        public long usableBytes(Path dir) throws IOException {
          Path existing = dir.toAbsolutePath();
          while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
          }
          if (existing == null) {
            throw new IOException("no existing folder above " + dir);
          }
          // java.io.File rather than FileStore: the latter is patchy on Android.
          return existing.toFile().getUsableSpace();
        }

        @Override
        public OutputStream openAppend(Path file) throws IOException {
          return Files.newOutputStream(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
      };

  /** Bytes free for this process on the file system of {@code dir} (or its nearest parent). */
  long usableBytes(Path dir) throws IOException;

  /** Opens {@code file} for appending, creating it if absent. */
  OutputStream openAppend(Path file) throws IOException;
}
