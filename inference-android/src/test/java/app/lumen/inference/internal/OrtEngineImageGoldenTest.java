package app.lumen.inference.internal;

import static org.junit.Assert.assertEquals;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.GenerationListener;
import app.lumen.inference.GenerationResult;
import app.lumen.inference.ImageEmbeddings;
import app.lumen.inference.ImageInput;
import app.lumen.inference.Phase;
import app.lumen.pkg.ModelFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Image tokens: the engine writes an image's embeddings (and Qwen3-VL's DeepStack features) into
 * the image rows and lays out M-RoPE positions around the grid; the logits equal the reference fed
 * the same rows and positions. A second turn about the same image reuses its tokens; a different
 * picture with the same grid does not.
 */
public class OrtEngineImageGoldenTest {
  private static final double TOLERANCE = 1e-4;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();
  private EngineFixture fixture;

  @After
  public void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  public void qwen3vl_imageWithDeepstack_matchesReference() throws Exception {
    assertImagePromptMatches(ModelFamily.QWEN3_VL, 21);
  }

  @Test
  public void qwen2vl_image_matchesReference() throws Exception {
    assertImagePromptMatches(ModelFamily.QWEN2_VL, 22);
  }

  @Test
  public void twoImagesOfDifferentGrids_inOneMessage_matchReference() throws Exception {
    fixture = new EngineFixture(tmp.newFolder().toPath(), ModelFamily.QWEN3_VL, 24);
    OrtChatSession session = fixture.model.openSession();
    int hidden = fixture.reference.config().hiddenSize();
    int deepstack = fixture.reference.config().deepstackCount();
    RandomImage wide = new RandomImage("wide", 1, 4, hidden, deepstack, 5);
    RandomImage tall = new RandomImage("tall", 3, 2, hidden, deepstack, 6);
    List<ChatMessage> history = List.of(ChatMessage.user("Compare them.", List.of(wide, tall)));
    EngineFixture.Recorder recorder = new EngineFixture.Recorder();
    session.setLogitsObserver(recorder);
    GenerationResult result =
        session.generate(OrtEngineGoldenTest.greedy(history), GenerationListener.NONE);
    TokenSequence prompt = fixture.model.renderer().render(history, true, false);
    List<ReferenceRunner.Image> placed =
        List.of(
            new ReferenceRunner.Image(
                prompt.images().get(0).start(), 1, 4, wide.rows, wide.deepstackRows),
            new ReferenceRunner.Image(
                prompt.images().get(1).start(), 3, 2, tall.rows, tall.deepstackRows));
    int[] ids = prompt.ids();
    for (int step = 0; step < recorder.rows.size(); step++) {
      int[] sequence = new int[ids.length + step];
      System.arraycopy(ids, 0, sequence, 0, ids.length);
      for (int i = 0; i < step; i++) {
        sequence[ids.length + i] = result.tokenIds().get(i);
      }
      double[] expected = fixture.reference.lastLogits(sequence, placed);
      float[] actual = recorder.rows.get(step);
      for (int v = 0; v < expected.length; v++) {
        assertEquals("step " + step + " logit " + v, expected[v], actual[v], TOLERANCE);
      }
    }
  }

  @Test
  public void differentPictureWithSameGrid_isNotReused() throws Exception {
    fixture = new EngineFixture(tmp.newFolder().toPath(), ModelFamily.QWEN3_VL, 23);
    OrtChatSession session = fixture.model.openSession();
    int hidden = fixture.reference.config().hiddenSize();
    RandomImage cat = new RandomImage("cat", 2, 3, hidden, 2, 1);
    RandomImage dog = new RandomImage("dog", 2, 3, hidden, 2, 2);
    session.generate(
        OrtEngineGoldenTest.greedy(List.of(ChatMessage.user("What?", List.of(cat)))),
        GenerationListener.NONE);
    GenerationResult second =
        session.generate(
            OrtEngineGoldenTest.greedy(List.of(ChatMessage.user("What?", List.of(dog)))),
            GenerationListener.NONE);
    TokenSequence prompt =
        fixture
            .model
            .renderer()
            .render(List.of(ChatMessage.user("What?", List.of(dog))), true, false);
    assertEquals(prompt.images().get(0).start(), second.stats().reusedTokens());
  }

  private void assertImagePromptMatches(ModelFamily family, long seed) throws Exception {
    fixture = new EngineFixture(tmp.newFolder().toPath(), family, seed);
    OrtChatSession session = fixture.model.openSession();
    int hidden = fixture.reference.config().hiddenSize();
    int deepstack = fixture.reference.config().deepstackCount();
    RandomImage image = new RandomImage("photo-1", 2, 3, hidden, deepstack, seed);
    List<ChatMessage> history =
        new ArrayList<>(List.of(ChatMessage.user("What is this?", List.of(image))));
    EngineFixture.Recorder recorder = new EngineFixture.Recorder();
    session.setLogitsObserver(recorder);
    List<String> phases = new ArrayList<>();
    GenerationResult first =
        session.generate(
            OrtEngineGoldenTest.greedy(history),
            new GenerationListener() {
              @Override
              public void onPhase(Phase phase, double millis) {
                phases.add(phase.name());
              }
            });
    assertEquals(List.of("ENCODING_IMAGE", "PREFILL", "DECODE"), phases);
    assertMatches(history, first, recorder, image);

    history.add(ChatMessage.assistant(first.text()));
    history.add(ChatMessage.user("And the colour?"));
    EngineFixture.Recorder second = new EngineFixture.Recorder();
    session.setLogitsObserver(second);
    GenerationResult next =
        session.generate(OrtEngineGoldenTest.greedy(history), GenerationListener.NONE);
    TokenSequence prompt = fixture.model.renderer().render(history, true, false);
    // The image and the first answer come from the cache; the rows after it are checked again.
    assertEquals(0, next.stats().imageEncodeMillis(), 0);
    assertEquals(true, next.stats().reusedTokens() > prompt.images().get(0).end());
    assertMatches(history, next, second, image);
  }

  private void assertMatches(
      List<ChatMessage> history,
      GenerationResult result,
      EngineFixture.Recorder recorder,
      RandomImage image) {
    TokenSequence prompt = fixture.model.renderer().render(history, true, false);
    int start = prompt.images().get(0).start();
    ReferenceRunner.Image placed =
        new ReferenceRunner.Image(start, image.h, image.w, image.rows, image.deepstackRows);
    int[] ids = prompt.ids();
    for (int step = 0; step < recorder.rows.size(); step++) {
      int[] sequence = new int[ids.length + step];
      System.arraycopy(ids, 0, sequence, 0, ids.length);
      for (int i = 0; i < step; i++) {
        sequence[ids.length + i] = result.tokenIds().get(i);
      }
      double[] expected = fixture.reference.lastLogits(sequence, List.of(placed));
      float[] actual = recorder.rows.get(step);
      for (int v = 0; v < expected.length; v++) {
        if (Math.abs(expected[v] - actual[v]) > TOLERANCE) {
          throw new AssertionError(
              "step "
                  + step
                  + " logit "
                  + v
                  + ": expected "
                  + expected[v]
                  + " but was "
                  + actual[v]);
        }
      }
      if (step < result.tokenIds().size()) {
        assertEquals(OrtEngineGoldenTest.argmax(expected), (int) result.tokenIds().get(step));
      }
    }
  }

  /** An image with seeded random embeddings, standing in for the vision encoder. */
  static final class RandomImage implements ImageInput {
    final String key;
    final int h;
    final int w;
    final float[][] rows;
    final float[][][] deepstackRows;

    RandomImage(String key, int h, int w, int hidden, int deepstack, long seed) {
      this.key = key;
      this.h = h;
      this.w = w;
      SplittableRandom random = new SplittableRandom(seed);
      rows = new float[h * w][hidden];
      deepstackRows = new float[deepstack][h * w][hidden];
      for (float[] row : rows) {
        fill(row, random);
      }
      for (float[][] layer : deepstackRows) {
        for (float[] row : layer) {
          fill(row, random);
        }
      }
    }

    private static void fill(float[] row, SplittableRandom random) {
      for (int i = 0; i < row.length; i++) {
        row[i] = (float) (random.nextDouble() * 2 - 1);
      }
    }

    @Override
    public String cacheKey() {
      return key;
    }

    @Override
    public ImageGrid grid() {
      return new ImageGrid(1, h, w);
    }

    @Override
    public ImageEmbeddings embeddings(int hiddenSize) {
      float[][] deepstack = new float[deepstackRows.length][];
      for (int l = 0; l < deepstack.length; l++) {
        deepstack[l] = flatten(deepstackRows[l]);
      }
      return new ImageEmbeddings(h * w, hiddenSize, flatten(rows), deepstack);
    }

    private static float[] flatten(float[][] matrix) {
      int width = matrix[0].length;
      float[] flat = new float[matrix.length * width];
      for (int r = 0; r < matrix.length; r++) {
        System.arraycopy(matrix[r], 0, flat, r * width, width);
      }
      return flat;
    }
  }
}
