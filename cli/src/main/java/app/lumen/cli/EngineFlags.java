package app.lumen.cli;

import app.lumen.inference.EngineOptions;
import app.lumen.inference.ExecutionProvider;
import picocli.CommandLine.Option;

/** Runtime flags shared by the commands that load a model. */
final class EngineFlags {
  @Option(
      names = "--provider",
      paramLabel = "EP",
      description =
          "cpu (default), xnnpack or nnapi; falls back to cpu, saying why, when the runtime"
              + " lacks it or it cannot compile the model.")
  String provider = "cpu";

  @Option(names = "--threads", paramLabel = "N", description = "Intra-op threads (default: cores).")
  int threads;

  @Option(names = "--no-spinning", description = "Let idle runtime threads sleep instead of spin.")
  boolean noSpinning;

  @Option(
      names = "--context",
      paramLabel = "TOKENS",
      description =
          "Context length in tokens. Default: what this machine's available memory holds of the"
              + " decoder cache, within 4096-8192 (bench prints the figure and why).")
  int context;

  EngineOptions toOptions() {
    return EngineOptions.builder()
        .provider(ExecutionProvider.parse(provider))
        .intraOpThreads(threads)
        .allowSpinning(!noSpinning)
        .maxContextTokens(context)
        .availableMemoryBytes(SystemMemory.availableBytes())
        .build();
  }
}
