package app.lumen.inference.jinja;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How long rendering a 20-turn conversation with the real Qwen3-VL templates takes. Not a test:
 * timings on a shared machine would make a flaky assertion. Run from {@code inference-android/}
 * after {@code mvn test-compile}:
 *
 * <pre>
 * java -cp target/classes:target/test-classes app.lumen.inference.jinja.JinjaRenderBenchmark
 * </pre>
 */
public final class JinjaRenderBenchmark {
  private static final int TURNS = 20;
  private static final int WARMUP_RENDERS = 2_000;
  private static final int MEASURED_RENDERS = 2_000;

  private JinjaRenderBenchmark() {}

  public static void main(String[] args) throws Exception {
    // The second round is the steady state; the first includes class loading and JIT warm-up.
    for (int round = 1; round <= 2; round++) {
      for (String name : new String[] {"chat_template_instruct", "chat_template_thinking"}) {
        System.out.print("round " + round + ": ");
        measure(name);
      }
    }
  }

  private static void measure(String name) throws Exception {
    {
      String source = resource("/qwen3-vl/" + name + ".jinja");
      Map<String, Object> variables = new HashMap<>();
      variables.put("messages", conversation());
      variables.put("add_generation_prompt", true);
      variables.put("tools", null);
      long parseStart = System.nanoTime();
      JinjaTemplate template = JinjaTemplate.parse(source);
      double parseMs = (System.nanoTime() - parseStart) / 1e6;
      int length = 0;
      for (int i = 0; i < WARMUP_RENDERS; i++) {
        length = template.render(variables).length();
      }
      long start = System.nanoTime();
      for (int i = 0; i < MEASURED_RENDERS; i++) {
        template.render(variables);
      }
      double perRenderUs = (System.nanoTime() - start) / 1e3 / MEASURED_RENDERS;
      System.out.printf(
          "%s: parse %.2f ms; render of %d turns (%d chars): %.1f us each (mean of %d)%n",
          name, parseMs, TURNS, length, perRenderUs, MEASURED_RENDERS);
    }
  }

  /** A system turn, then alternating user (every third with a picture) and assistant turns. */
  private static List<Object> conversation() {
    List<Object> messages = new ArrayList<>();
    messages.add(Map.of("role", "system", "content", "You are a helpful assistant."));
    for (int turn = 0; turn < TURNS; turn++) {
      if (turn % 2 == 0) {
        List<Object> content = new ArrayList<>();
        if (turn % 3 == 0) {
          content.add(Map.of("type", "image"));
        }
        content.add(
            Map.of("type", "text", "text", "Question " + turn + ": what is in the picture?"));
        messages.add(Map.of("role", "user", "content", content));
      } else {
        messages.add(
            Map.of(
                "role",
                "assistant",
                "content",
                "<think>\nLooking at it.\n</think>\n\nAnswer " + turn + ": a cat on a mat."));
      }
    }
    return messages;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = JinjaRenderBenchmark.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
