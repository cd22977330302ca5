package app.lumen.inference;

/** A request the loaded model cannot serve (e.g. an image for a text-only model). */
public class InvalidRequestException extends InferenceException {
  public InvalidRequestException(String message) {
    super(message);
  }
}
