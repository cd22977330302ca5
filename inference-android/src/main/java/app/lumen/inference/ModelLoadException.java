package app.lumen.inference;

/**
 * A model package could not be loaded. The message names the file, field or tensor and what was
 * expected.
 */
public class ModelLoadException extends InferenceException {
  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
