package app.lumen.inference.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.GenerationException;
import app.lumen.inference.GenerationListener;
import app.lumen.inference.GenerationResult;
import app.lumen.inference.ImageEmbeddings;
import app.lumen.inference.ImageInput;
import app.lumen.inference.Phase;
import app.lumen.inference.text.ImageSpan;
import app.lumen.inference.vision.VisionModel;
import app.lumen.pkg.ModelFamily;
import app.lumen.testkit.reference.ReferenceVision;
import app.lumen.vision.ImagePlan;
import app.lumen.vision.ImagePreprocessor;
import app.lumen.vision.RgbImage;
import app.lumen.vision.TokenBudget;
import app.lumen.vision.jvm.ImageIoDecoder;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Photos through the whole path: decode, plan, Pillow-exact resize, patchify, the tiny package's
 * vision graph, the engine's splice of features and DeepStack rows and its M-RoPE positions, the
 * decoder. Every logits row equals testkit's independent reference (its own vision tower and
 * decoder) fed the same pixel values, within 1e-4, for one and for two pictures in a message.
 */
public class OrtEngineVisionGoldenTest {
  private static final double TOLERANCE = 1e-4;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();
  private EngineFixture fixture;
  private VisionModel vision;

  @After
  public void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private void load(long seed) throws Exception {
    load(ModelFamily.QWEN3_VL, seed);
  }

  private void load(ModelFamily family, long seed) throws Exception {
    fixture = new EngineFixture(tmp.newFolder().toPath(), family, seed);
    vision = fixture.model.vision();
  }

  @Test
  public void qwen2vlPhoto_patch14AndClipNormalisation_logitsMatchReference() throws Exception {
    load(ModelFamily.QWEN2_VL, 35);
    assertEquals(1176, vision.processorConfig().patchValues());
    assertPhotosMatch(List.of(photo("scene-200x150.png")), new TokenBudget(20));
  }

  @Test
  public void onePhoto_logitsMatchReference() throws Exception {
    load(31);
    assertPhotosMatch(List.of(photo("scene-200x150.png")), new TokenBudget(16));
  }

  @Test
  public void twoPhotosInOneMessage_logitsMatchReference() throws Exception {
    load(32);
    assertPhotosMatch(
        List.of(photo("scene-200x150.png"), photo("scene-97x61.png")), new TokenBudget(12));
  }

  @Test
  public void secondTurnAboutTheSamePhoto_doesNotEncodeAgain() throws Exception {
    load(33);
    RgbImage picture = photo("scene-97x61.png");
    OrtChatSession session = fixture.model.openSession();
    List<ChatMessage> history = new ArrayList<>();
    history.add(ChatMessage.user("What?", List.of(vision.image(picture, new TokenBudget(8)))));
    GenerationResult first =
        session.generate(OrtEngineGoldenTest.greedy(history), GenerationListener.NONE);
    assertTrue(first.stats().imageEncodeMillis() > 0);
    // A fresh session (no token cache) with a freshly prepared input: the encoding cache answers.
    OrtChatSession other = fixture.model.openSession();
    other.generate(
        OrtEngineGoldenTest.greedy(
            List.of(ChatMessage.user("What?", List.of(vision.image(picture, new TokenBudget(8)))))),
        GenerationListener.NONE);
    assertEquals(1, vision.encoderRuns());
  }

  @Test
  public void imageWhoseTokensDoNotMatchItsPlaceholders_failsClearly() throws Exception {
    load(34);
    ImageInput real = vision.image(photo("scene-97x61.png"), new TokenBudget(8));
    ImageInput lying =
        new ImageInput() {
          @Override
          public String cacheKey() {
            return real.cacheKey() + "-lying";
          }

          @Override
          public ImageGrid grid() {
            return new ImageGrid(1, 1, real.grid().tokenCount() + 1);
          }

          @Override
          public ImageEmbeddings embeddings(int hiddenSize) {
            return real.embeddings(hiddenSize);
          }
        };
    OrtChatSession session = fixture.model.openSession();
    GenerationException e =
        assertThrows(
            GenerationException.class,
            () ->
                session.generate(
                    OrtEngineGoldenTest.greedy(List.of(ChatMessage.user("What?", List.of(lying)))),
                    GenerationListener.NONE));
    assertTrue(e.getMessage(), e.getMessage().contains(real.cacheKey()));
    assertTrue(e.getMessage(), e.getMessage().contains(Integer.toString(real.grid().tokenCount())));
  }

  private void assertPhotosMatch(List<RgbImage> photos, TokenBudget budget) throws Exception {
    List<ImageInput> inputs = new ArrayList<>();
    List<float[][]> features = new ArrayList<>();
    List<float[][][]> deepstack = new ArrayList<>();
    ImagePreprocessor preprocessor = new ImagePreprocessor(vision.processorConfig());
    ReferenceVision tower = ReferenceVision.load(fixture.dir);
    for (RgbImage photo : photos) {
      inputs.add(vision.image(photo, budget));
      ImagePlan plan = preprocessor.plan(photo.width(), photo.height(), budget);
      float[] pixels = preprocessor.preprocess(photo, plan).pixelValues();
      ReferenceVision.Output out = tower.encode(pixels, plan.gridT(), plan.gridH(), plan.gridW());
      features.add(out.features());
      deepstack.add(out.deepstack());
    }
    List<ChatMessage> history = List.of(ChatMessage.user("What is in these?", inputs));
    OrtChatSession session = fixture.model.openSession();
    EngineFixture.Recorder recorder = new EngineFixture.Recorder();
    session.setLogitsObserver(recorder);
    List<Phase> phases = new ArrayList<>();
    GenerationResult result =
        session.generate(
            OrtEngineGoldenTest.greedy(history),
            new GenerationListener() {
              @Override
              public void onPhase(Phase phase, double millis) {
                phases.add(phase);
              }
            });
    assertEquals(List.of(Phase.ENCODING_IMAGE, Phase.PREFILL, Phase.DECODE), phases);
    assertTrue(result.stats().imageEncodeMillis() > 0);

    TokenSequence prompt = fixture.model.renderer().render(history, true, false);
    assertEquals(photos.size(), prompt.images().size());
    List<ReferenceRunner.Image> placed = new ArrayList<>();
    for (int i = 0; i < photos.size(); i++) {
      ImageSpan span = prompt.images().get(i);
      ImageInput.ImageGrid grid = span.image().grid();
      assertEquals(features.get(i).length, grid.tokenCount());
      placed.add(
          new ReferenceRunner.Image(
              span.start(), grid.h(), grid.w(), features.get(i), deepstack.get(i)));
    }
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

  private static RgbImage photo(String name) throws Exception {
    try (InputStream in = OrtEngineVisionGoldenTest.class.getResourceAsStream("/vision/" + name)) {
      return ImageIoDecoder.decode(in.readAllBytes(), name, null);
    }
  }
}
