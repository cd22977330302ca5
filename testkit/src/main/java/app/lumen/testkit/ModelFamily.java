package app.lumen.testkit;

import java.util.Locale;

/** The model families the test kit can generate, named as in the package manifest. */
public enum ModelFamily {
  /** Qwen3-VL: QK-norm, interleaved M-RoPE, DeepStack features added after the first layers. */
  QWEN3_VL("qwen3_vl"),
  /** Qwen2-VL: q/k/v biases, no QK-norm, sectioned (non-interleaved) M-RoPE, no DeepStack. */
  QWEN2_VL("qwen2_vl"),
  /** Qwen2.5-VL: the same text decoder as Qwen2-VL. */
  QWEN2_5_VL("qwen2_5_vl");

  private final String id;

  ModelFamily(String id) {
    this.id = id;
  }

  /** The manifest's {@code family} value and the config's {@code model_type}. */
  public String id() {
    return id;
  }

  public boolean isQwen3() {
    return this == QWEN3_VL;
  }

  /** Parses a manifest family name; {@link IllegalArgumentException} naming the choices. */
  public static ModelFamily fromId(String id) {
    for (ModelFamily f : values()) {
      if (f.id.equals(id.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown family '" + id + "' (expected qwen3_vl, qwen2_vl or qwen2_5_vl)");
  }
}
