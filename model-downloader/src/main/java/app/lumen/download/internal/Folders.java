package app.lumen.download.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Folder removal that never follows a link out of the folder. */
final class Folders {
  private Folders() {}

  /** Deletes {@code dir} and everything in it; links are deleted, not followed. */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(dir);
      return;
    }
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        deleteTree(child);
      }
    }
    Files.delete(dir);
  }

  /** Deletes the folders under {@code dir}, and {@code dir}, that hold no file. */
  static void deleteEmptyFolders(Path dir) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        deleteEmptyFolders(child);
      }
    }
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      if (!children.iterator().hasNext()) {
        Files.delete(dir);
      }
    }
  }
}
