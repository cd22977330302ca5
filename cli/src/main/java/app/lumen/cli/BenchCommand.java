package app.lumen.cli;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.ChatSession;
import app.lumen.inference.EngineSupport;
import app.lumen.inference.GenerationListener;
import app.lumen.inference.GenerationRequest;
import app.lumen.inference.GenerationResult;
import app.lumen.inference.GraphRunStats;
import app.lumen.inference.InferenceEngine;
import app.lumen.inference.LoadedModel;
import app.lumen.inference.PhaseListener;
import app.lumen.inference.SamplingParams;
import app.lumen.inference.UnsupportedFamilyException;
import app.lumen.inference.model.ModelPackage;
import app.lumen.inference.text.Tokenizer;
import app.lumen.pkg.ModelFamily;
import app.lumen.pkg.PackageException;
import app.lumen.pkg.PackageFile;
import app.lumen.pkg.PackageManifest;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lumen bench}: load time, prefill and decode speed, time to first token on a fresh and on a
 * continued conversation, the engine's own share of each decode step, memory peaks, and (with
 * {@code --roofline}) how close decode comes to the memory-bandwidth limit.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures a model package: load, prefill, decode, TTFT, engine overhead, memory.",
      "--json: the last line is one object of medians plus the per-run values."
    })
public final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR")
  Path model;

  @Option(names = "--prompt-tokens", paramLabel = "N", description = "Default ${DEFAULT-VALUE}.")
  int promptTokens = 128;

  @Option(names = "--gen-tokens", paramLabel = "N", description = "Default ${DEFAULT-VALUE}.")
  int genTokens = 64;

  @Option(
      names = "--runs",
      paramLabel = "N",
      description = "Measured runs; default ${DEFAULT-VALUE}.")
  int runs = 3;

  @Option(
      names = "--turns",
      paramLabel = "N",
      description = "Turns per run; default ${DEFAULT-VALUE}.")
  int turns = 2;

  @Option(names = "--image-size", paramLabel = "WxH")
  String imageSize;

  @Option(names = "--budget", paramLabel = "TOKENS")
  Integer budget;

  @Option(
      names = "--roofline",
      description = "Also measure memory bandwidth and the decode limit it sets.")
  boolean roofline;

  @Option(names = "--json")
  boolean json;

  @ArgGroup(exclusive = false, heading = "Runtime:%n")
  EngineFlags engineFlags = new EngineFlags();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = TerminalText.guard(spec.commandLine().getOut());
    PrintWriter err = TerminalText.guard(spec.commandLine().getErr());
    int[] image = imageSize == null ? null : BenchVision.size(imageSize);
    if ((imageSize != null && image == null) || (budget != null && budget < 1)) {
      err.println("lumen bench: --image-size must be WxH (positive), --budget >= 1");
      return LumenCli.EXIT_USAGE;
    }
    if (budget != null && image == null) {
      image = new int[] {1920, 1440}; // a phone photo scaled down, when only --budget is given
    }
    if (promptTokens < 1 || genTokens < 2 || runs < 1 || turns < 1) {
      err.println(
          "lumen bench: --prompt-tokens, --runs and --turns must be >= 1, --gen-tokens >= 2");
      return LumenCli.EXIT_USAGE;
    }
    ModelPackage modelPackage;
    try {
      // The family first, as the loader checks it: nothing else matters for one that cannot run.
      PackageManifest manifest = PackageManifest.read(model);
      EngineSupport.requireRunnable(ModelFamily.of(manifest));
      modelPackage = ModelPackage.open(model, manifest);
    } catch (PackageException e) {
      return EngineErrors.reportPackage("bench", e, err);
    } catch (UnsupportedFamilyException e) {
      return EngineErrors.report("bench", e, err);
    }
    String prompt = promptOf(modelPackage.tokenizer(), promptTokens);
    List<JsonObject> perRun = new ArrayList<>();
    double loadSeconds;
    int contextTokens;
    String contextReason;
    try (InferenceEngine engine = InferenceEngine.create(engineFlags.toOptions())) {
      long loadStart = System.nanoTime();
      LoadedModel loaded = engine.load(model, PhaseListener.NONE);
      loadSeconds = (System.nanoTime() - loadStart) / 1e9;
      contextTokens = loaded.info().contextLength();
      contextReason = loaded.info().contextReason();
      if (!json) {
        out.println("context: " + contextReason);
        out.flush();
      }
      runOnce(loaded, prompt); // warm-up: JIT, allocator and runtime caches
      for (int run = 0; run < runs; run++) {
        JsonObject figures = runOnce(loaded, prompt);
        perRun.add(figures);
        if (!json) {
          out.println(BenchFigures.describe(run + 1, figures));
          out.flush();
        }
      }
    } catch (RuntimeException e) {
      return EngineErrors.report("bench", e, err);
    }
    JsonObject summary = BenchFigures.medians(perRun);
    summary.addProperty("load_s", BenchFigures.round(loadSeconds));
    summary.addProperty("context_tokens", contextTokens);
    summary.addProperty("context_reason", contextReason);
    if (image != null) {
      try {
        BenchVision.Figures v =
            BenchVision.measure(
                model,
                engineFlags.toOptions(),
                image,
                budget,
                modelPackage.config().hiddenSize(),
                runs);
        summary.addProperty("vision_preprocess_ms", BenchFigures.round(v.preprocessMs()));
        summary.addProperty("vision_encode_ms", BenchFigures.round(v.encodeMs()));
        summary.addProperty("vision_tokens", v.plan().tokens());
      } catch (RuntimeException e) {
        return EngineErrors.report("bench", e, err);
      }
    } else {
      summary.add("vision_preprocess_ms", null);
      summary.add("vision_encode_ms", null);
    }
    summary.addProperty("peak_rss_mb", BenchFigures.peakRssMb());
    summary.addProperty("peak_heap_mb", BenchFigures.peakHeapMb());
    if (roofline) {
      double bandwidth = BenchFigures.memoryBandwidthGbPerS();
      double bytesPerToken = decoderBytes(modelPackage);
      double limit = bandwidth * 1e9 / bytesPerToken;
      summary.addProperty("bandwidth_gb_s", BenchFigures.round(bandwidth));
      summary.addProperty("roofline_tok_s", BenchFigures.round(limit));
      summary.addProperty(
          "roofline_ratio", BenchFigures.round(summary.get("decode_tok_s").getAsDouble() / limit));
    } else {
      summary.add("bandwidth_gb_s", null);
      summary.add("roofline_tok_s", null);
      summary.add("roofline_ratio", null);
    }
    JsonArray runsArray = new JsonArray();
    perRun.forEach(runsArray::add);
    summary.add("runs", runsArray);
    if (json) {
      out.println(new GsonBuilder().serializeNulls().create().toJson(summary));
    } else {
      out.println(BenchFigures.describeSummary(summary));
      if (summary.has("vision_tokens")) {
        out.println(
            format(
                "vision: %d image tokens, preprocess %.1f ms, encode %.1f ms",
                summary.get("vision_tokens").getAsInt(),
                summary.get("vision_preprocess_ms").getAsDouble(),
                summary.get("vision_encode_ms").getAsDouble()));
      }
    }
    out.flush();
    return LumenCli.EXIT_OK;
  }

  /** One fresh conversation of {@link #turns} turns; the figures of its first turn. */
  private JsonObject runOnce(LoadedModel loaded, String prompt) {
    GraphRunStats timer = loaded.graphRunStats();
    List<ChatMessage> history = new ArrayList<>(List.of(ChatMessage.user(prompt)));
    JsonObject figures = new JsonObject();
    double firstTtft = 0;
    List<Double> laterTtft = new ArrayList<>();
    try (ChatSession session = loaded.newSession()) {
      for (int turn = 0; turn < turns; turn++) {
        DecodeClock clock = new DecodeClock(timer);
        HeapAllocationMeter heap = new HeapAllocationMeter(clock);
        GenerationResult result =
            session.generate(
                GenerationRequest.builder(history)
                    .sampling(SamplingParams.GREEDY)
                    .maxNewTokens(genTokens)
                    .build(),
                heap);
        if (turn == 0) {
          firstTtft = result.stats().ttftMillis();
          figures.addProperty("prompt_tokens", result.stats().promptTokens());
          figures.addProperty("generated_tokens", result.stats().generatedTokens());
          figures.addProperty(
              "prefill_tok_s", BenchFigures.round(result.stats().prefillTokensPerSecond()));
          figures.addProperty("ttft_ms", BenchFigures.round(firstTtft));
          figures.addProperty(
              "decode_tok_s", BenchFigures.round(result.stats().decodeTokensPerSecond()));
          figures.addProperty("overhead_pct", BenchFigures.round(clock.overheadPercent()));
          addBytes(
              figures,
              "heap_bytes_per_prefill_token",
              heap.perPrefillToken(result.stats().prefilledTokens()));
          addBytes(figures, "heap_bytes_per_decode_step", heap.perDecodeStep());
        } else {
          laterTtft.add(result.stats().ttftMillis());
        }
        history.add(ChatMessage.assistant(result.text()));
        history.add(ChatMessage.user("Tell me more."));
      }
    }
    if (laterTtft.isEmpty()) {
      figures.add("ttft_turn_ratio", null);
    } else {
      figures.addProperty(
          "ttft_turn_ratio", BenchFigures.round(BenchFigures.median(laterTtft) / firstTtft));
    }
    return figures;
  }

  private static void addBytes(JsonObject figures, String name, double bytes) {
    if (bytes < 0) {
      figures.add(name, null);
    } else {
      figures.addProperty(name, Math.round(bytes));
    }
  }

  /** A text of about {@code tokens} tokens: a word that is one token, repeated. */
  private static String promptOf(Tokenizer tokenizer, int tokens) {
    String word = " hello";
    int perWord = Math.max(1, tokenizer.encode(word).length);
    return ("Repeat after me:" + word.repeat(Math.max(1, tokens / perWord - 4))).trim();
  }

  /** Bytes the decoder reads per token: its graph files (weights dominate). */
  private static double decoderBytes(ModelPackage modelPackage) {
    String decoder = modelPackage.manifest().graph("decoder").orElse("");
    double bytes = 0;
    for (PackageFile file : modelPackage.manifest().files()) {
      if (file.path().startsWith(decoder)) { // the graph and its external data files
        bytes += file.size();
      }
    }
    return bytes;
  }

  /** Wall time versus time in graph runs between the first and the last generated token. */
  private static final class DecodeClock implements GenerationListener {
    private final GraphRunStats timer;
    private long firstNanos;
    private long firstRunNanos;
    private long wallNanos;
    private long runNanos;

    DecodeClock(GraphRunStats timer) {
      this.timer = timer;
    }

    @Override
    public void onToken(int tokenId, String textDelta, boolean thinking) {
      long now = System.nanoTime();
      if (firstNanos == 0) {
        firstNanos = now;
        firstRunNanos = timer.runNanos();
      } else {
        wallNanos = now - firstNanos;
        runNanos = timer.runNanos() - firstRunNanos;
      }
    }

    double overheadPercent() {
      return wallNanos == 0 ? 0 : 100.0 * (wallNanos - runNanos) / wallNanos;
    }
  }

  static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
