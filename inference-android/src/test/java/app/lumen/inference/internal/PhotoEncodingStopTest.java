package app.lumen.inference.internal;

import static org.junit.Assert.assertEquals;

import ai.onnxruntime.OrtSession;
import app.lumen.inference.ChatMessage;
import app.lumen.inference.FinishReason;
import app.lumen.inference.GenerationHandle;
import app.lumen.inference.GenerationListener;
import app.lumen.inference.GenerationRequest;
import app.lumen.inference.GenerationResult;
import app.lumen.inference.ImageEmbeddings;
import app.lumen.inference.ImageInput;
import app.lumen.inference.vision.VisionModel;
import app.lumen.pkg.ModelFamily;
import app.lumen.vision.RgbImage;
import app.lumen.vision.TokenBudget;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Stop during photo encoding: it lands between pictures and inside a running vision graph, ends the
 * generation as cancelled, and lets close() return once that generation has ended.
 */
public class PhotoEncodingStopTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();
  private EngineFixture fixture;
  private VisionModel vision;

  @Before
  public void load() throws Exception {
    fixture = new EngineFixture(tmp.newFolder().toPath(), ModelFamily.QWEN3_VL, 71);
    vision = fixture.model.vision();
  }

  @After
  public void close() {
    fixture.close();
  }

  @Test
  public void stopWhileTheFirstOfThreePhotosEncodes_endsCancelledWithoutEncodingTheOthers()
      throws Exception {
    OrtChatSession session = fixture.model.openSession();
    List<CountingImage> photos = threePhotos(session::cancel);

    GenerationResult result = session.generate(request(photos), GenerationListener.NONE);

    assertEquals(FinishReason.CANCELLED, result.finishReason());
    assertEquals(List.of(1, 0, 0), encodes(photos));
    assertEquals(0, result.tokenIds().size());
    // The session stays usable: the next generation encodes the photos it still lacks.
    assertEquals(
        FinishReason.MAX_TOKENS,
        session.generate(request(photos), GenerationListener.NONE).finishReason());
    assertEquals(List.of(2, 1, 1), encodes(photos));
  }

  @Test
  public void stopBeforeTheVisionRun_endsCancelledNotError_andThePhotoEncodesLater()
      throws Exception {
    OrtChatSession session = fixture.model.openSession();
    ImageInput real = vision.image(picture(1), new TokenBudget(8));
    // Cancels after the generator's check before the picture, so only the terminate flag the
    // vision graph receives can stop the run.
    StoppableImageInput stopsItsOwnRun = new StopsItsOwnRun(real, session::cancel);

    GenerationResult stopped =
        session.generate(request(List.of(stopsItsOwnRun)), GenerationListener.NONE);

    assertEquals(FinishReason.CANCELLED, stopped.finishReason());
    assertEquals(0, vision.encoderRuns());
    GenerationResult later = session.generate(request(List.of(real)), GenerationListener.NONE);
    assertEquals(FinishReason.MAX_TOKENS, later.finishReason());
    assertEquals(1, vision.encoderRuns());
  }

  @Test
  public void sessionClose_whilePhotosEncode_returnsAfterTheCancelledGenerationEnded()
      throws Exception {
    OrtChatSession session = fixture.model.openSession();
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch encoding = new CountDownLatch(1);
    // Counted when close() starts waiting or has returned: the first photo holds its encoding
    // until then, so a close() that does not wait is caught whatever the scheduling.
    CountDownLatch closeWaitsOrReturned = new CountDownLatch(1);
    session.awaitingEnd = closeWaitsOrReturned::countDown;
    List<CountingImage> photos =
        threePhotos(
            () -> {
              encoding.countDown();
              await(closeWaitsOrReturned);
            });
    GenerationHandle handle =
        session.generateAsync(
            request(photos),
            new GenerationListener() {
              @Override
              public void onFinished(GenerationResult result) {
                order.add("onFinished");
              }
            });
    encoding.await();

    session.close();
    order.add("close returned");
    closeWaitsOrReturned.countDown();

    assertEquals(FinishReason.CANCELLED, handle.await().finishReason());
    assertEquals(List.of("onFinished", "close returned"), new ArrayList<>(order));
    assertEquals(List.of(1, 0, 0), encodes(photos));
  }

  /** Three different real photos; the first runs {@code whileEncoding} on its first encoding. */
  private List<CountingImage> threePhotos(Runnable whileEncoding) {
    List<CountingImage> photos = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ImageInput real = vision.image(picture(i), new TokenBudget(8));
      photos.add(new CountingImage(real, i == 0 ? whileEncoding : () -> {}));
    }
    return photos;
  }

  private static List<Integer> encodes(List<CountingImage> photos) {
    List<Integer> counts = new ArrayList<>();
    for (CountingImage photo : photos) {
      counts.add(photo.encodes.get());
    }
    return counts;
  }

  private static GenerationRequest request(List<? extends ImageInput> images) {
    return OrtEngineGoldenTest.greedy(List.of(ChatMessage.user("What?", images)));
  }

  private static RgbImage picture(int seed) {
    byte[] rgb = new byte[64 * 48 * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (i * (7 + 2 * seed));
    }
    return new RgbImage(64, 48, rgb);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A real photo under another object, so a test can add behaviour to its encoding. */
  private abstract static class DelegatingImage implements ImageInput {
    final ImageInput real;

    DelegatingImage(ImageInput real) {
      this.real = real;
    }

    @Override
    public String cacheKey() {
      return real.cacheKey();
    }

    @Override
    public ImageGrid grid() {
      return real.grid();
    }

    @Override
    public ImageEmbeddings embeddings(int hiddenSize) {
      return real.embeddings(hiddenSize);
    }
  }

  /** A real photo that runs {@code stop} when its encoding receives the generation's options. */
  private static final class StopsItsOwnRun extends DelegatingImage implements StoppableImageInput {
    final Runnable stop;

    StopsItsOwnRun(ImageInput real, Runnable stop) {
      super(real);
      this.stop = stop;
    }

    @Override
    public ImageEmbeddings embeddings(int hiddenSize, OrtSession.RunOptions runOptions) {
      stop.run();
      return ((StoppableImageInput) real).embeddings(hiddenSize, runOptions);
    }
  }

  /** A real photo that counts its encodings and runs {@code during} inside the first one. */
  private static final class CountingImage extends DelegatingImage {
    final Runnable during;
    final AtomicInteger encodes = new AtomicInteger();

    CountingImage(ImageInput real, Runnable during) {
      super(real);
      this.during = during;
    }

    @Override
    public ImageEmbeddings embeddings(int hiddenSize) {
      if (encodes.incrementAndGet() == 1) {
        during.run();
      }
      return real.embeddings(hiddenSize);
    }
  }
}
