package app.lumen.pkg;

/**
 * A relative path from a manifest, a catalog or a server would leave the package folder ({@code
 * ..}, an absolute path, a drive letter, a backslash, a link pointing outside) or is not a plain
 * path.
 */
public class UnsafePathException extends InvalidPackageException {
  private static final long serialVersionUID = 1L;

  private final String path;

  public UnsafePathException(String path, String reason) {
    super("unsafe path " + quote(path) + ": " + reason);
    this.path = path;
  }

  private UnsafePathException(String path, String message, UnsafePathException cause) {
    super(message, cause);
    this.path = path;
  }

  /** The same problem, its message prefixed with where the path came from (file and field). */
  public UnsafePathException withContext(String context) {
    return new UnsafePathException(path, context + ": " + getMessage(), this);
  }

  /** The offending path as given (may contain control characters). */
  public String path() {
    return path;
  }

  static String quote(String path) {
    if (path == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
