package app.lumen.pkg;

/** Base of every failure about a model package: its manifest, its paths or its files. */
public class PackageException extends Exception {
  private static final long serialVersionUID = 1L;

  public PackageException(String message) {
    super(message);
  }

  public PackageException(String message, Throwable cause) {
    super(message, cause);
  }
}
