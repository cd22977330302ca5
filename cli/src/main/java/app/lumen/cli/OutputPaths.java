package app.lumen.cli;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Where commands write. The checks run before any work or network access and return one line naming
 * the path (a bad output path is invalid input, exit 3), or null when the path will do. {@link
 * #replaceFolder} makes a generated folder appear whole, or not at all.
 */
final class OutputPaths {
  private OutputPaths() {}

  /** Writes a folder's content; it is given an empty folder. */
  interface FolderWriter<T> {
    T write(Path folder) throws IOException;
  }

  /** Why a file cannot be created at {@code file} (an existing file is replaced), or null. */
  static String fileProblem(Path file) {
    if (Files.isDirectory(file)) {
      return file + ": is a folder, not a file";
    }
    return creatableProblem(file);
  }

  /** Why files cannot be written into the folder {@code dir} (created when absent), or null. */
  static String folderProblem(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      return dir + ": exists and is not a folder";
    }
    if (Files.isDirectory(dir)) {
      return Files.isWritable(dir) ? null : dir + ": cannot write in this folder";
    }
    return creatableProblem(dir);
  }

  /**
   * Why {@link #replaceFolder} cannot make {@code dir}, or null. A folder holding anything is
   * refused unless {@code replace}: writing over it would mix two packages.
   */
  static String replaceableProblem(Path dir, boolean replace) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      return dir + ": exists and is not a folder";
    }
    if (Files.isDirectory(dir) && !replace) {
      try (Stream<Path> children = Files.list(dir)) {
        if (children.findAny().isPresent()) {
          return dir + ": folder is not empty (--force replaces it with the new package)";
        }
      } catch (IOException e) {
        return dir + ": cannot read the folder: " + e.getMessage();
      }
    }
    if (dir.toAbsolutePath().normalize().getParent() == null) {
      return dir + ": cannot replace the root folder";
    }
    return creatableProblem(dir);
  }

  /**
   * Writes a new folder beside {@code dir} and only then puts it in {@code dir}'s place, deleting
   * what was there. A failed or interrupted write leaves {@code dir} as it was (at worst a hidden
   * {@code .NAME.new-…} sibling after a crash), and the result holds exactly what {@code writer}
   * wrote. Clearing {@code dir} first instead would lose the old package when the write fails, and
   * any input read from inside it (a {@code --tokenizer} shipped in the package).
   */
  static <T> T replaceFolder(Path dir, FolderWriter<T> writer) throws IOException {
    Path target = dir.toAbsolutePath().normalize();
    Files.createDirectories(target.getParent());
    Path fresh = sibling(target, "new");
    Files.createDirectory(fresh);
    T result;
    try {
      result = writer.write(fresh);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(fresh, e);
      throw e;
    }
    Path old = null;
    try {
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        old = sibling(target, "old");
        Files.move(target, old);
      }
      Files.move(fresh, target);
    } catch (IOException e) {
      if (old != null && !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        Files.move(old, target);
      }
      deleteQuietly(fresh, e);
      throw e;
    }
    if (old != null) {
      try {
        deleteTree(old);
      } catch (IOException e) {
        throw new IOException("written, but the old folder is left at " + old + ": " + e, e);
      }
    }
    return result;
  }

  /** Deletes {@code dir} and everything below it; links are deleted, never followed. */
  static void deleteTree(Path dir) throws IOException {
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** The nearest existing folder above {@code path} must be a folder this process can write. */
  private static String creatableProblem(Path path) {
    Path existing = path.toAbsolutePath().normalize().getParent();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return null;
    }
    if (!Files.isDirectory(existing)) {
      return path + ": " + existing + " is not a folder";
    }
    return Files.isWritable(existing) ? null : path + ": cannot write in " + existing;
  }

  private static Path sibling(Path target, String kind) {
    String suffix = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    return target.resolveSibling("." + target.getFileName() + "." + kind + "-" + suffix);
  }

  private static void deleteQuietly(Path dir, Exception failure) {
    try {
      deleteTree(dir);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
