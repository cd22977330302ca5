package app.lumen.cli;

import app.lumen.inference.GenerationResult;
import app.lumen.inference.GenerationStats;
import app.lumen.inference.Phase;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;

/** The {@code generate --json} event lines of the CLI contract. */
final class JsonEvents {
  private static final Gson GSON =
      new GsonBuilder().serializeNulls().disableHtmlEscaping().create();
  private final PrintWriter out;

  JsonEvents(PrintWriter out) {
    this.out = out;
  }

  void phase(Phase phase, double millis) {
    JsonObject event = new JsonObject();
    event.addProperty("event", "phase");
    event.addProperty("phase", phase.id());
    event.addProperty("ms", round(millis));
    emit(event);
  }

  void token(int id, String text, boolean thinking) {
    JsonObject event = new JsonObject();
    event.addProperty("event", "token");
    event.addProperty("id", id);
    event.addProperty("text", text);
    event.addProperty("thinking", thinking);
    emit(event);
  }

  void result(GenerationResult result) {
    JsonObject event = new JsonObject();
    event.addProperty("event", "result");
    JsonArray ids = new JsonArray();
    result.tokenIds().forEach(ids::add);
    event.add("token_ids", ids);
    event.addProperty("text", result.text());
    event.addProperty("thinking", result.thinking());
    event.addProperty("finish_reason", result.finishReason().id());
    GenerationStats s = result.stats();
    JsonObject stats = new JsonObject();
    stats.addProperty("prompt_tokens", s.promptTokens());
    stats.addProperty("prefilled_tokens", s.prefilledTokens());
    stats.addProperty("reused_tokens", s.reusedTokens());
    stats.addProperty("dropped_tokens", s.droppedTokens());
    stats.addProperty("generated_tokens", s.generatedTokens());
    stats.addProperty("ttft_ms", round(s.ttftMillis()));
    stats.addProperty("prefill_tok_s", round(s.prefillTokensPerSecond()));
    stats.addProperty("decode_tok_s", round(s.decodeTokensPerSecond()));
    stats.addProperty("image_encode_ms", round(s.imageEncodeMillis()));
    stats.addProperty("provider", s.provider());
    stats.addProperty("provider_fallback", s.providerFallback());
    event.add("stats", stats);
    emit(event);
  }

  private void emit(JsonObject event) {
    out.println(GSON.toJson(event));
    out.flush();
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
