package app.lumen.inference.internal;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.EngineOptions;
import app.lumen.inference.GenerationListener;
import app.lumen.inference.PhaseListener;
import app.lumen.pkg.ModelFamily;
import app.lumen.testkit.TinyPackageGenerator;
import app.lumen.testkit.reference.ReferenceQwenVl;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A tiny generated package loaded both in the engine and in the reference. */
final class EngineFixture implements AutoCloseable {
  final Path dir;
  final OrtInferenceEngine engine;
  final OrtLoadedModel model;
  final ReferenceRunner reference;

  EngineFixture(Path dir, ModelFamily family, long seed, EngineOptions options) throws IOException {
    this(dir, family, seed, options, true);
  }

  /**
   * @param deepstackInput false for a Qwen3-VL decoder without the DeepStack input
   */
  EngineFixture(
      Path dir, ModelFamily family, long seed, EngineOptions options, boolean deepstackInput)
      throws IOException {
    this.dir = dir;
    TinyPackageGenerator.generate(dir, seed, family, deepstackInput);
    this.engine = new OrtInferenceEngine(options);
    this.model = engine.loadModel(dir, PhaseListener.NONE);
    this.reference = new ReferenceRunner(ReferenceQwenVl.load(dir));
  }

  EngineFixture(Path dir, ModelFamily family, long seed) throws IOException {
    this(dir, family, seed, EngineOptions.defaults());
  }

  int[] render(List<ChatMessage> messages) {
    return model.renderer().render(messages, true, false).ids();
  }

  @Override
  public void close() {
    engine.close();
  }

  /** Every logits row the engine sampled from, with its sequence position. */
  static final class Recorder implements LogitsObserver {
    final List<Integer> positions = new ArrayList<>();
    final List<float[]> rows = new ArrayList<>();

    @Override
    public void onLogits(int position, float[] logits) {
      positions.add(position);
      rows.add(logits);
    }
  }

  /** Cancels {@code session}'s generation once it has streamed {@code tokens} tokens. */
  static GenerationListener cancelAfter(OrtChatSession session, int tokens) {
    return new GenerationListener() {
      int streamed;

      @Override
      public void onToken(int tokenId, String textDelta, boolean thinking) {
        if (++streamed == tokens) {
          session.cancel();
        }
      }
    };
  }
}
