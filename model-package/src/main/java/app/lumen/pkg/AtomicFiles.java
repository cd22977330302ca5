package app.lumen.pkg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Crash-safe file replacement: write a temporary file in the same folder, flush it to the disk,
 * then rename it over the target, so a reader sees the old content or the new one, never half of
 * it. Stateless and thread-safe; concurrent writers of one target each win atomically, last one
 * wins.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Replaces {@code target} with {@code content} atomically, creating its folder if needed. */
  public static void write(Path target, byte[] content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      move(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Flushes {@code source} to the disk and renames it to {@code target} (replacing it), then
   * flushes the folder entry. Both must be in the same file system.
   */
  public static void commit(Path source, Path target) throws IOException {
    fsync(source);
    move(source, target);
  }

  /** Forces the file's content to the storage device. */
  public static void fsync(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  private static void move(Path source, Path target) throws IOException {
    try {
      Files.move(
          source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      // Only on file systems without rename(2) semantics; a plain replace is the best left.
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
    fsyncDirectory(target.toAbsolutePath().getParent());
  }

  /** Makes a rename durable where the platform allows opening a folder (Linux, Android). */
  private static void fsyncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some platforms cannot open folders; the rename itself is still atomic there.
    }
  }
}
