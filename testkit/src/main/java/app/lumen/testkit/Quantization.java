package app.lumen.testkit;

import java.util.Locale;

/** How a synthetic package stores its projection weights (activations are float32 in all). */
public enum Quantization {
  /** float32 MatMul weights. */
  FP32("fp32", ""),
  /** float16 weights widened by a Cast in the graph; float16 embedding table. */
  FP16("fp16", "_fp16"),
  /** com.microsoft MatMulNBits, 8 bits, blocks of 32; float16 embedding table. */
  INT8("int8", "_int8"),
  /** com.microsoft MatMulNBits, 4 bits, blocks of 32 (what published q4 exports use). */
  INT4("int4", "_q4");

  private final String id;
  private final String fileSuffix;

  Quantization(String id, String fileSuffix) {
    this.id = id;
    this.fileSuffix = fileSuffix;
  }

  public String id() {
    return id;
  }

  /** The transformers.js-style file variant suffix, e.g. {@code _q4}. */
  public String fileSuffix() {
    return fileSuffix;
  }

  public static Quantization fromId(String id) {
    for (Quantization q : values()) {
      if (q.id.equals(id.toLowerCase(Locale.ROOT))) {
        return q;
      }
    }
    throw new IllegalArgumentException(
        "unknown quantization '" + id + "' (expected fp32, fp16, int8 or int4)");
  }
}
