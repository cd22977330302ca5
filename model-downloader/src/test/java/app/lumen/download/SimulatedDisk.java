package app.lumen.download;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A disk of {@code capacity} bytes holding the files under {@code root}: free space is the capacity
 * minus what those files take now, and a write that would exceed it fails as a full disk does.
 * {@link #hiddenUse} is space taken by something the downloader cannot see coming (another app).
 * Thread-safe.
 */
final class SimulatedDisk implements DownloadStorage {
  private final Path root;
  private final long capacity;
  volatile long hiddenUse;

  SimulatedDisk(Path root, long capacity) {
    this.root = root;
    this.capacity = capacity;
  }

  synchronized long used() {
    try (Stream<Path> files = Files.walk(root)) {
      return hiddenUse
          + files
              .filter(Files::isRegularFile)
              .mapToLong(
                  p -> {
                    try {
                      return Files.size(p);
                    } catch (IOException e) {
                      return 0; // deleted while walking
                    }
                  })
              .sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public long usableBytes(Path dir) {
    return Math.max(0, capacity - used());
  }

  @Override
  public OutputStream openAppend(Path file) throws IOException {
    return new FilterOutputStream(DownloadStorage.FILE_SYSTEM.openAppend(file)) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        synchronized (SimulatedDisk.this) {
          long free = capacity - used();
          if (len > free) {
            out.write(b, off, (int) Math.max(0, free));
            out.flush();
            throw new IOException("No space left on device");
          }
          out.write(b, off, len);
          out.flush();
        }
      }
    };
  }
}
