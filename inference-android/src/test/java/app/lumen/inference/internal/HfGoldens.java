package app.lumen.inference.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.GenerationRequest;
import app.lumen.inference.GenerationResult;
import app.lumen.inference.SamplingParams;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A package built by Hugging Face's own classes and what transformers computed on it ({@code
 * tools/reference/make-hf-packages.py}): for each conversation, the rendered prompt's ids and the
 * logits of every greedy step, each computed from scratch on the whole sequence.
 */
final class HfGoldens {
  /** The logits agree to this much (float32 graph against float32 PyTorch, tiny weights). */
  static final double TOLERANCE = 1e-4;

  final Path packageDir;
  private final List<Case> cases = new ArrayList<>();

  /** One conversation: its messages, the prompt HF rendered, and the steps HF took greedily. */
  record Case(
      String name,
      List<ChatMessage> messages,
      boolean think,
      int[] promptIds,
      List<Integer> generatedIds,
      List<float[]> logits) {

    GenerationRequest greedy() {
      return GenerationRequest.builder(messages)
          .sampling(SamplingParams.GREEDY)
          .maxNewTokens(generatedIds.size())
          .think(think)
          .build();
    }
  }

  private HfGoldens(Path packageDir, JsonObject root) {
    this.packageDir = packageDir;
    for (JsonElement element : root.getAsJsonArray("cases")) {
      JsonObject c = element.getAsJsonObject();
      List<ChatMessage> messages = new ArrayList<>();
      for (JsonElement m : c.getAsJsonArray("messages")) {
        messages.add(message(m.getAsJsonObject()));
      }
      List<float[]> rows = new ArrayList<>();
      for (JsonElement row : c.getAsJsonArray("logits")) {
        JsonArray values = row.getAsJsonArray();
        float[] logits = new float[values.size()];
        for (int i = 0; i < logits.length; i++) {
          logits[i] = values.get(i).getAsFloat();
        }
        rows.add(logits);
      }
      List<Integer> generated = new ArrayList<>();
      c.getAsJsonArray("generated_ids").forEach(id -> generated.add(id.getAsInt()));
      JsonArray prompt = c.getAsJsonArray("prompt_ids");
      int[] promptIds = new int[prompt.size()];
      for (int i = 0; i < promptIds.length; i++) {
        promptIds[i] = prompt.get(i).getAsInt();
      }
      JsonElement thinking = c.get("enable_thinking");
      cases.add(
          new Case(
              c.get("name").getAsString(),
              messages,
              thinking.isJsonNull() || thinking.getAsBoolean(),
              promptIds,
              generated,
              rows));
    }
  }

  /** The goldens of {@code family} from the test resources ({@code /hf/<family>/}). */
  static HfGoldens load(String family) throws IOException {
    String base = "/hf/" + family;
    Path dir;
    try {
      dir = Path.of(HfGoldens.class.getResource(base + "/package").toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    try (Reader reader =
        new InputStreamReader(
            HfGoldens.class.getResourceAsStream(base + "/goldens.json"), StandardCharsets.UTF_8)) {
      return new HfGoldens(dir, JsonParser.parseReader(reader).getAsJsonObject());
    }
  }

  Case get(String name) {
    return cases.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no golden case " + name));
  }

  List<Case> cases() {
    return cases;
  }

  private static ChatMessage message(JsonObject m) {
    String text = m.get("content").getAsString();
    return switch (m.get("role").getAsString()) {
      case "system" -> ChatMessage.system(text);
      case "user" -> ChatMessage.user(text);
      case "assistant" -> ChatMessage.assistant(text);
      default -> throw new IllegalArgumentException("role " + m.get("role"));
    };
  }

  /**
   * Every logits row the engine sampled from equals HF's for the same step within {@link
   * #TOLERANCE}, at the position after the prompt and the tokens before it, and greedy decoding
   * chose HF's token.
   */
  static void assertMatches(Case golden, GenerationResult result, EngineFixture.Recorder recorder) {
    assertEquals(golden.name() + ": steps", golden.logits().size(), recorder.rows.size());
    for (int step = 0; step < recorder.rows.size(); step++) {
      assertEquals(
          golden.name() + ": position at step " + step,
          golden.promptIds().length + step - 1,
          (int) recorder.positions.get(step));
      float[] expected = golden.logits().get(step);
      float[] actual = recorder.rows.get(step);
      assertEquals(expected.length, actual.length);
      for (int v = 0; v < expected.length; v++) {
        if (Math.abs(expected[v] - actual[v]) > TOLERANCE) {
          throw new AssertionError(
              golden.name()
                  + " step "
                  + step
                  + " logit "
                  + v
                  + ": HF "
                  + expected[v]
                  + ", engine "
                  + actual[v]);
        }
      }
    }
    assertEquals(golden.name() + ": greedy ids", golden.generatedIds(), result.tokenIds());
    assertTrue(result.tokenIds().size() > 0);
  }
}
