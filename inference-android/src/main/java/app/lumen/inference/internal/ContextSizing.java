package app.lumen.inference.internal;

import app.lumen.inference.EngineOptions;
import java.util.List;
import java.util.Locale;

/**
 * The default context length: the most tokens whose decoder cache fits the memory the device can
 * give it, so that turn dropping, {@code CONTEXT_FULL} and "start a new chat" happen before the
 * low-memory killer does. The model's own limit (262,144 tokens for Qwen3-VL) would let the cache
 * grow to tens of gigabytes.
 *
 * <p>The rule: the cache may have half of the available memory (the rest is for the weights' page
 * cache, the app and the apps the system keeps alive), less a fixed overhead (a prefill chunk's
 * logits, fixed-size recurrent state, activations). Each token costs its cache bytes twice, because
 * a run holds the past cache and the present one the graph returns at the same time. The result is
 * clamped to {@link #MIN_TOKENS}–{@link #MAX_TOKENS} and to the model's limit. An explicit cap
 * ({@code EngineOptions.maxContextTokens}) overrides the rule.
 *
 * <p>Pure functions; thread-safe.
 */
final class ContextSizing {
  /** Below this a photo (up to ~1,300 tokens) and a few turns no longer fit. */
  static final int MIN_TOKENS = 4096;

  /**
   * Above this, prefill of a long conversation after a restart takes minutes on a phone, and the
   * cache of a 2B model in float32 passes 1.8 GB.
   */
  static final int MAX_TOKENS = 8192;

  /** Activations of a prefill chunk (a 2B model's MLP over 512 tokens is ~13 MB per tensor). */
  static final long ACTIVATION_BYTES = 64L << 20;

  private ContextSizing() {}

  /** The context in use and why, as {@link app.lumen.inference.ModelInfo} states it. */
  record Choice(int tokens, String reason) {}

  /**
   * The context the engine chooses under {@code options}: its {@code maxContextTokens} cap, else
   * the memory rule on its {@code availableMemoryBytes}. Loading and the memory forecast both come
   * here, so a forecast states the context a load would choose.
   */
  static Choice choose(
      EngineOptions options, long cacheBytesPerToken, long fixedBytes, int modelMax) {
    return choose(
        options.maxContextTokens(),
        options.availableMemoryBytes(),
        cacheBytesPerToken,
        fixedBytes,
        modelMax);
  }

  /**
   * @param requested {@code EngineOptions.maxContextTokens} (0: apply the rule)
   * @param availableBytes memory the device can give the engine (0: unknown)
   * @param cacheBytesPerToken decoder cache bytes one token adds
   * @param fixedBytes memory the engine needs whatever the context length
   * @param modelMax the model's {@code max_position_embeddings}
   */
  static Choice choose(
      int requested, long availableBytes, long cacheBytesPerToken, long fixedBytes, int modelMax) {
    if (requested > 0) {
      return requested <= modelMax
          ? new Choice(requested, requested + " tokens: set by maxContextTokens")
          : new Choice(
              modelMax,
              modelMax + " tokens: the model's maximum (maxContextTokens asked " + requested + ")");
    }
    if (availableBytes <= 0 || cacheBytesPerToken <= 0) {
      int tokens = Math.min(MIN_TOKENS, modelMax);
      return new Choice(tokens, tokens + " tokens: available memory unknown, the smallest default");
    }
    long budget = availableBytes / 2 - fixedBytes;
    long fits = Math.max(0, budget / (2 * cacheBytesPerToken));
    int tokens = (int) Math.min(modelMax, Math.max(MIN_TOKENS, Math.min(MAX_TOKENS, fits)));
    return new Choice(
        tokens,
        String.format(
            Locale.ROOT,
            "%d tokens: half of %d MiB available, less %d MiB fixed, holds %d tokens at %d KiB"
                + " of cache per token (twice during a run); default clamped to %d-%d and the"
                + " model's %d",
            tokens,
            availableBytes >> 20,
            fixedBytes >> 20,
            fits,
            cacheBytesPerToken >> 10,
            MIN_TOKENS,
            MAX_TOKENS,
            modelMax));
  }

  /**
   * Cache bytes per token: for every state with a sequence axis, the product of its other
   * dimensions times the element size — for an attention cache, layers × kv heads × head dim × 2
   * (key and value) × dtype size.
   */
  static long cacheBytesPerToken(List<StateSpec> states) {
    long bytes = 0;
    for (StateSpec spec : states) {
      if (spec.sequenceAxis() >= 0) {
        bytes += elements(spec.shapeFor(1)) * spec.elementBytes();
      }
    }
    return bytes;
  }

  /**
   * Bytes needed whatever the context: fixed-size states, the logits of one prefill run ({@code
   * logitsRows} × vocabulary floats) and {@link #ACTIVATION_BYTES}.
   */
  static long fixedBytes(List<StateSpec> states, int logitsRows, int vocab) {
    long stateBytes = 0;
    for (StateSpec spec : states) {
      if (spec.sequenceAxis() < 0) {
        stateBytes += elements(spec.shapeFor(0)) * spec.elementBytes();
      }
    }
    return fixedBytes(stateBytes, logitsRows, vocab);
  }

  /**
   * Bytes needed whatever the context, given the fixed-size states' bytes: those, the logits of one
   * prefill run and {@link #ACTIVATION_BYTES}.
   */
  static long fixedBytes(long fixedStateBytes, int logitsRows, int vocab) {
    return ACTIVATION_BYTES + (long) logitsRows * vocab * Float.BYTES + fixedStateBytes;
  }

  /**
   * Logits rows one prefill run computes: one when the decoder takes {@code logits_to_keep}, else
   * every row of a {@link Generator#PREFILL_CHUNK}.
   */
  static int logitsRows(boolean logitsToKeep) {
    return logitsToKeep ? 1 : Generator.PREFILL_CHUNK;
  }

  private static long elements(long[] shape) {
    long n = 1;
    for (long dim : shape) {
      n *= Math.max(dim, 1); // batch is 1; a symbolic dimension left in a shape counts once
    }
    return n;
  }
}
