package app.lumen.pkg;

/**
 * The package is malformed: unreadable or invalid manifest JSON, a missing or wrong field, an
 * unsafe path. The message names the file and the field. The CLI maps it to exit code 3.
 */
public class InvalidPackageException extends PackageException {
  private static final long serialVersionUID = 1L;

  public InvalidPackageException(String message) {
    super(message);
  }

  public InvalidPackageException(String message, Throwable cause) {
    super(message, cause);
  }
}
