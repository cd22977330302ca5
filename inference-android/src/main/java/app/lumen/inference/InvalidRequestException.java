package app.lumen.inference;

/**
 * A request the loaded model cannot serve (e.g. an image for a text-only model). Nothing was
 * generated; like every generation failure it is also reported to {@link
 * GenerationListener#onFailed}.
 */
public class InvalidRequestException extends GenerationException {
  public InvalidRequestException(String message) {
    super(message, GenerationResult.empty(FinishReason.ERROR));
  }
}
