package app.lumen.inference;

import java.util.List;

/**
 * A request the loaded model cannot serve (e.g. an image for a text-only model). Nothing was
 * generated; like every generation failure it is also reported to {@link
 * GenerationListener#onFailed}.
 */
public class InvalidRequestException extends GenerationException {
  public InvalidRequestException(String message) {
    super(message, nothingGenerated());
  }

  private static GenerationResult nothingGenerated() {
    return new GenerationResult(
        List.of(),
        "",
        null,
        FinishReason.ERROR,
        new GenerationStats(0, 0, 0, 0, 0, 0, 0, 0, 0, ""));
  }
}
