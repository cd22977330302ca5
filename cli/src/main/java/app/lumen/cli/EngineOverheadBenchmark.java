package app.lumen.cli;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.EngineOptions;
import app.lumen.inference.GenerationListener;
import app.lumen.inference.GenerationRequest;
import app.lumen.inference.GenerationResult;
import app.lumen.inference.GraphRunStats;
import app.lumen.inference.InferenceEngine;
import app.lumen.inference.LoadedModel;
import app.lumen.inference.Phase;
import app.lumen.inference.PhaseListener;
import app.lumen.inference.SamplingParams;
import app.lumen.pkg.ModelFamily;
import app.lumen.testkit.TinyPackageGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Measures the engine's own cost per decode step: wall time of a step versus the time spent inside
 * {@code OrtSession.run} (embedding + decoder graphs). Everything else — building input tensors,
 * reading the logits row, sampling, detokenising, listener calls — is overhead.
 *
 * <p>Usage: {@code java -cp cli/target/lumen-cli.jar app.lumen.cli.EngineOverheadBenchmark [--model
 * DIR] [--tokens N] [--runs R] [--sampling]}. Without {@code --model} it builds the tiny package,
 * whose graphs are so small that the figure is an upper bound of the overhead share.
 */
public final class EngineOverheadBenchmark {
  private EngineOverheadBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path model = null;
    int tokens = 128;
    int runs = 5;
    boolean sampling = false;
    boolean spinning = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--model" -> model = Path.of(args[++i]);
        case "--tokens" -> tokens = Integer.parseInt(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--sampling" -> sampling = true;
        case "--no-spinning" -> spinning = false;
        default -> {
          System.err.println("unknown argument " + args[i]);
          System.exit(LumenCli.EXIT_USAGE);
        }
      }
    }
    Path generated = null;
    if (model == null) {
      model = Files.createTempDirectory("lumen-bench-");
      generated = model;
      TinyPackageGenerator.generate(model, 42, ModelFamily.QWEN3_VL);
      System.out.println("model: tiny qwen3_vl package (random weights) in " + model);
    }
    SamplingParams params =
        sampling
            ? SamplingParams.builder().temperature(0.7f).topK(20).topP(0.8f).seed(1L).build()
            : SamplingParams.GREEDY;
    try (InferenceEngine engine =
        InferenceEngine.create(EngineOptions.builder().allowSpinning(spinning).build())) {
      LoadedModel loaded = engine.load(model, PhaseListener.NONE);
      GraphRunStats timer = loaded.graphRunStats();
      List<Double> stepMicros = new ArrayList<>();
      List<Double> runMicros = new ArrayList<>();
      for (int run = -1; run < runs; run++) { // run -1 warms up the JIT and ONNX Runtime
        DecodeClock clock = new DecodeClock(timer);
        GenerationResult result =
            loaded
                .newSession()
                .generate(
                    GenerationRequest.builder(List.of(ChatMessage.user("Tell me a long story.")))
                        .sampling(params)
                        .maxNewTokens(tokens)
                        .build(),
                    clock);
        int steps = result.tokenIds().size() - 1; // decoder runs after the first token
        if (run >= 0 && steps > 0) {
          stepMicros.add(clock.wallNanos / 1e3 / steps);
          runMicros.add(clock.runNanos / 1e3 / steps);
        }
      }
      double step = median(stepMicros);
      double inRun = median(runMicros);
      System.out.printf(
          Locale.ROOT,
          "decode step: %.1f µs total, %.1f µs in session.run, %.1f µs engine overhead"
              + " (%.1f%%), %s, median of %d runs x %d tokens%n",
          step,
          inRun,
          step - inRun,
          100 * (step - inRun) / step,
          sampling ? "top-k/top-p sampling" : "greedy",
          stepMicros.size(),
          tokens);
    }
    vocabularyWork();
    if (generated != null) {
      try (var files = Files.walk(generated)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * The per-token host work that grows with the vocabulary, which the tiny package (512 entries)
   * hides: copying one logits row out of a native buffer and choosing a token, at Qwen's 151,936
   * entries.
   */
  private static void vocabularyWork() {
    int vocab = 151_936;
    java.nio.FloatBuffer nativeRow =
        java.nio.ByteBuffer.allocateDirect(vocab * 4)
            .order(java.nio.ByteOrder.nativeOrder())
            .asFloatBuffer();
    java.util.Random random = new java.util.Random(1);
    // LLM-like: a broad bulk and a few dozen plausible tokens well above it.
    for (int i = 0; i < vocab; i++) {
      nativeRow.put(i, (float) (random.nextGaussian() * 2.5));
    }
    for (int i = 0; i < 40; i++) {
      nativeRow.put(random.nextInt(vocab), 8 + 10 * random.nextFloat());
    }
    SamplingParams[] settings = {
      SamplingParams.GREEDY,
      SamplingParams.builder().temperature(0.7f).topK(20).topP(0.8f).seed(1L).build(),
      SamplingParams.builder().temperature(0.7f).topP(0.95f).seed(1L).build()
    };
    String[] names = {"greedy", "top-k 20 + top-p 0.8", "top-p 0.95, no top-k"};
    for (int s = 0; s < settings.length; s++) {
      app.lumen.inference.sampling.Sampler sampler =
          new app.lumen.inference.sampling.Sampler(settings[s], vocab, 1);
      List<Double> micros = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        long start = System.nanoTime();
        float[] row = new float[vocab];
        nativeRow.position(0);
        nativeRow.get(row);
        sampler.next(row);
        if (i >= 300) { // the first 300 warm up the JIT
          micros.add((System.nanoTime() - start) / 1e3);
        }
      }
      System.out.printf(
          Locale.ROOT,
          "151,936-entry logits row: copy + %s = %.1f µs per token (median)%n",
          names[s],
          median(micros));
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  /** Wall and graph time between the first and the last generated token. */
  private static final class DecodeClock implements GenerationListener {
    private final GraphRunStats timer;
    private long firstTokenNanos;
    private long firstTokenRunNanos;
    long wallNanos;
    long runNanos;

    DecodeClock(GraphRunStats timer) {
      this.timer = timer;
    }

    @Override
    public void onToken(int tokenId, String textDelta, boolean thinking) {
      long now = System.nanoTime();
      if (firstTokenNanos == 0) {
        firstTokenNanos = now;
        firstTokenRunNanos = timer.runNanos();
      } else {
        wallNanos = now - firstTokenNanos;
        runNanos = timer.runNanos() - firstTokenRunNanos;
      }
    }

    @Override
    public void onPhase(Phase phase, double millis) {}
  }
}
