package app.lumen.inference;

/**
 * A generation failed while running. {@link #partialResult()} holds what was produced before the
 * failure, with {@link FinishReason#ERROR}.
 */
public class GenerationException extends InferenceException {
  private final transient GenerationResult partialResult;

  public GenerationException(String message, Throwable cause, GenerationResult partialResult) {
    super(message, cause);
    this.partialResult = partialResult;
  }

  public GenerationException(String message, GenerationResult partialResult) {
    this(message, null, partialResult);
  }

  /** The tokens and text produced before the failure, finish reason {@link FinishReason#ERROR}. */
  public GenerationResult partialResult() {
    return partialResult;
  }
}
