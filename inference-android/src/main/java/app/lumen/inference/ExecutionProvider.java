package app.lumen.inference;

import java.util.Locale;

/** Where ONNX Runtime runs the graphs. */
public enum ExecutionProvider {
  /** The default CPU kernels; always available. */
  CPU,
  /** XNNPACK CPU kernels (ARM-optimised); only in builds that include it. */
  XNNPACK,
  /** Android NNAPI (NPU/GPU/DSP); only on Android. */
  NNAPI;

  /** The lower-case name used in CLI output and JSON ({@code "cpu"}). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@link #id()} or the enum name, case-insensitively.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static ExecutionProvider parse(String text) {
    for (ExecutionProvider provider : values()) {
      if (provider.name().equalsIgnoreCase(text.trim())) {
        return provider;
      }
    }
    throw new IllegalArgumentException(
        "unknown execution provider '" + text + "', expected cpu, xnnpack or nnapi");
  }
}
