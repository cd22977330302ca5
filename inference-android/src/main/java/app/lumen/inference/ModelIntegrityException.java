package app.lumen.inference;

/**
 * A model package could not be loaded because files differ from its manifest in size or hash, and
 * nothing else is wrong with it: reinstalling it (not editing it) is the remedy. The message names
 * each file, one line each.
 */
public class ModelIntegrityException extends ModelLoadException {
  public ModelIntegrityException(String message, Throwable cause) {
    super(message, cause);
  }
}
