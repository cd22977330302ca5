package app.lumen.pkg;

/**
 * A file's size or hash differs from what the manifest or the server promised. The message names
 * the file, the expected and the actual value. The CLI maps it to exit code 5.
 */
public class IntegrityException extends PackageException {
  private static final long serialVersionUID = 1L;

  public IntegrityException(String message) {
    super(message);
  }
}
