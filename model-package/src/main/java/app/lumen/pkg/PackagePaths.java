package app.lumen.pkg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Turns a relative path from a manifest, a catalog or a server into a path inside a package folder,
 * refusing anything that could reach outside it. Stateless and thread-safe.
 */
public final class PackagePaths {
  /** Longest relative path accepted; far above any Hugging Face repository path. */
  static final int MAX_LENGTH = 1024;

  private PackagePaths() {}

  /**
   * Checks the syntax of a relative path: {@code /}-separated, non-empty segments other than {@code
   * .} and {@code ..}, no leading {@code /}, no backslash, no {@code :} (drive letters, Windows
   * streams), no control characters.
   *
   * @return the path unchanged
   * @throws UnsafePathException naming the path and the rule it breaks
   */
  public static String checkRelative(String relativePath) throws UnsafePathException {
    if (relativePath == null || relativePath.isEmpty()) {
      throw new UnsafePathException(relativePath, "empty path");
    }
    if (relativePath.length() > MAX_LENGTH) {
      throw new UnsafePathException(relativePath, "longer than " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < relativePath.length(); i++) {
      char c = relativePath.charAt(i);
      if (c == 0) {
        throw new UnsafePathException(relativePath, "contains NUL");
      }
      if (c < 0x20 || c == 0x7f) {
        throw new UnsafePathException(relativePath, "contains a control character");
      }
      if (c == '\\') {
        throw new UnsafePathException(relativePath, "contains a backslash (use /)");
      }
      if (c == ':') {
        throw new UnsafePathException(relativePath, "contains ':' (drive letter or stream name)");
      }
    }
    if (relativePath.startsWith("/")) {
      throw new UnsafePathException(relativePath, "absolute path");
    }
    for (String segment : relativePath.split("/", -1)) {
      if (segment.isEmpty()) {
        throw new UnsafePathException(relativePath, "empty segment");
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw new UnsafePathException(relativePath, "segment \"" + segment + "\" not allowed");
      }
    }
    return relativePath;
  }

  /**
   * The path of {@code relativePath} inside {@code packageDir}, after {@link #checkRelative}. Where
   * the file or any folder on its way exists, its real path (links followed) must stay inside the
   * real path of {@code packageDir}; a dangling link is refused because its target cannot be
   * checked.
   *
   * @throws UnsafePathException if the path is malformed or would lead outside the folder
   */
  public static Path resolve(Path packageDir, String relativePath) throws UnsafePathException {
    checkRelative(relativePath);
    Path base = packageDir.toAbsolutePath().normalize();
    Path target = base.resolve(relativePath).normalize();
    if (!target.startsWith(base) || target.equals(base)) {
      throw new UnsafePathException(relativePath, "leaves the package folder");
    }
    checkLinks(base, target, relativePath);
    return target;
  }

  private static void checkLinks(Path base, Path target, String relativePath)
      throws UnsafePathException {
    if (!Files.exists(base)) {
      return; // nothing exists yet, so no link can redirect the path
    }
    Path realBase;
    try {
      realBase = base.toRealPath();
    } catch (IOException e) {
      throw new UnsafePathException(relativePath, "package folder unreadable: " + e.getMessage());
    }
    Path current = base;
    for (Path segment : base.relativize(target)) {
      current = current.resolve(segment);
      if (Files.isSymbolicLink(current)) {
        if (!Files.exists(current)) {
          throw new UnsafePathException(relativePath, "dangling link at " + current.getFileName());
        }
        Path real;
        try {
          real = current.toRealPath();
        } catch (IOException e) {
          throw new UnsafePathException(relativePath, "unreadable link: " + e.getMessage());
        }
        if (!real.startsWith(realBase)) {
          throw new UnsafePathException(relativePath, "link leads outside the package folder");
        }
      } else if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
        return; // the rest of the path does not exist yet
      }
    }
  }
}
