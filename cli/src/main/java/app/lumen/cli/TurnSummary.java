package app.lumen.cli;

import app.lumen.inference.GenerationResult;
import app.lumen.inference.GenerationStats;
import java.util.Locale;

/** One human-readable line of a turn's figures. */
final class TurnSummary {
  private TurnSummary() {}

  static String of(GenerationResult result) {
    GenerationStats s = result.stats();
    return String.format(
        Locale.ROOT,
        "[%s] ttft %.0f ms · prefill %d tok (reused %d%s) at %.1f tok/s · decode %d tok at %.1f"
            + " tok/s · %s",
        result.finishReason().id(),
        s.ttftMillis(),
        s.prefilledTokens(),
        s.reusedTokens(),
        s.droppedTokens() > 0 ? ", dropped " + s.droppedTokens() : "",
        s.prefillTokensPerSecond(),
        s.generatedTokens(),
        s.decodeTokensPerSecond(),
        s.providerFallback() == null
            ? s.provider()
            : s.provider() + " (fallback: " + s.providerFallback() + ")");
  }

  /**
   * The end of the answer that was not streamed (text held back for a possible stop string when the
   * model ended its turn); empty when everything was streamed.
   */
  static String unstreamedTail(GenerationResult result, CharSequence streamed) {
    String text = result.text();
    return text.startsWith(streamed.toString()) ? text.substring(streamed.length()) : "";
  }
}
