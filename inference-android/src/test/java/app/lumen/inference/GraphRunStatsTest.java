package app.lumen.inference;

import static org.junit.Assert.assertTrue;

import app.lumen.pkg.ModelFamily;
import app.lumen.testkit.TinyPackageGenerator;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The graph-time totals benchmarks read through the public {@link LoadedModel} API. */
public class GraphRunStatsTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void generation_countsAtLeastOneGraphRunPerToken_acrossSessions() throws Exception {
    Path dir = tmp.newFolder("tiny").toPath();
    TinyPackageGenerator.generate(dir, 7, ModelFamily.QWEN3_VL);
    try (InferenceEngine engine = InferenceEngine.create();
        LoadedModel model = engine.load(dir)) {
      GraphRunStats stats = model.graphRunStats();
      long runsBefore = stats.runs();
      long nanosBefore = stats.runNanos();

      int first = generate(model);
      long runsAfterFirst = stats.runs();
      // The prefill run yields the first token; each further token costs one decoder run.
      assertTrue(runsAfterFirst - runsBefore >= first);
      assertTrue(stats.runNanos() > nanosBefore);

      int second = generate(model);
      assertTrue(stats.runs() - runsAfterFirst >= second);
    }
  }

  private static int generate(LoadedModel model) {
    try (ChatSession session = model.newSession()) {
      GenerationResult result =
          session.generate(
              GenerationRequest.builder(List.of(ChatMessage.user("Count the graph runs.")))
                  .sampling(SamplingParams.GREEDY)
                  .maxNewTokens(4)
                  .build(),
              GenerationListener.NONE);
      int tokens = result.stats().generatedTokens();
      assertTrue("generated " + tokens, tokens > 0);
      return tokens;
    }
  }
}
