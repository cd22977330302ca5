package app.lumen.inference.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tensor names and layouts of the text graphs, as onnx-community publishes Qwen-VL exports
 * (transformers.js / Optimum naming) and the test kit generates them. {@link GraphContract}
 * validates graphs against these names and the engine's loader binds its inputs by them, so both
 * agree on what a decoder looks like.
 *
 * <ul>
 *   <li>embed graph: {@link #INPUT_IDS} int64 [B,S] to {@link #INPUTS_EMBEDS} [B,S,H]
 *   <li>decoder: {@link #INPUTS_EMBEDS} [B,S,H] ({@link #INPUT_IDS} for text-only families), {@link
 *       #ATTENTION_MASK} int64 [B,T], {@link #POSITION_IDS} int64 [3,B,S] with M-RoPE ([B,S]
 *       without), {@code past_key_values.N.key/value} [B,kv_heads,P,head_dim], optional {@link
 *       #DEEPSTACK_EMBEDS} [K,B,S,H]; out {@link #LOGITS} [B,S,V] and {@code present.N.key/value}
 *   <li>linear-attention layers (Qwen3.5) carry {@code past_conv.N}/{@code past_recurrent.N} in and
 *       {@code present_conv.N}/{@code present_recurrent.N} out
 * </ul>
 *
 * <p>Stateless constants and pure functions.
 */
public final class DecoderIo {
  public static final String INPUT_IDS = "input_ids";
  public static final String INPUTS_EMBEDS = "inputs_embeds";
  public static final String ATTENTION_MASK = "attention_mask";
  public static final String POSITION_IDS = "position_ids";
  public static final String DEEPSTACK_EMBEDS = "deepstack_embeds";
  public static final String LOGITS = "logits";

  /** Optimum's merged-decoder switch, bool [1]. */
  public static final String USE_CACHE_BRANCH = "use_cache_branch";

  /** How many final rows of logits to compute (recent exports), a scalar or [1]. */
  public static final String LOGITS_TO_KEEP = "logits_to_keep";

  /** {@link #LOGITS_TO_KEEP} as older exports name it. */
  public static final String NUM_LOGITS_TO_KEEP = "num_logits_to_keep";

  /** int64 [S]: the absolute position of each new token. */
  public static final String CACHE_POSITION = "cache_position";

  /** Rows of M-RoPE {@link #POSITION_IDS}: temporal, height, width. */
  public static final int MULTIMODAL_POSITION_ROWS = 3;

  /** The two tensors of a layer's attention cache, in the order exports list them. */
  public static final List<String> KV_PARTS = List.of("key", "value");

  private static final String PAST_KEY_VALUES = "past_key_values";
  private static final String PRESENT = "present";
  private static final Pattern LAYER_STATE =
      Pattern.compile("(" + PAST_KEY_VALUES + "|" + PRESENT + ")\\.(\\d+)\\.(key|value)");
  private static final Pattern LINEAR_STATE =
      Pattern.compile("(past_conv|past_recurrent|present_conv|present_recurrent)\\.(\\d+)");

  private DecoderIo() {}

  /** {@code past_key_values.<layer>.<part>}, {@code part} one of {@link #KV_PARTS}. */
  public static String pastKeyValue(int layer, String part) {
    return PAST_KEY_VALUES + "." + layer + "." + part;
  }

  /** {@code present.<layer>.<part>}: what {@link #pastKeyValue} becomes after a step. */
  public static String present(int layer, String part) {
    return PRESENT + "." + layer + "." + part;
  }

  /** The layer of a {@code past_key_values.N.key/value} input; -1 for any other name. */
  public static int pastKeyValueLayer(String name) {
    Matcher m = LAYER_STATE.matcher(name);
    return m.matches() && m.group(1).equals(PAST_KEY_VALUES) ? Integer.parseInt(m.group(2)) : -1;
  }

  /** The layer of a linear-attention state ({@code past_conv.N}, ...); -1 for any other name. */
  public static int linearStateLayer(String name) {
    Matcher m = LINEAR_STATE.matcher(name);
    return m.matches() ? Integer.parseInt(m.group(2)) : -1;
  }

  /**
   * Whether {@code name} is an input the engine feeds when a graph has it and does without
   * otherwise ({@link #USE_CACHE_BRANCH}, logits-to-keep under either name, {@link
   * #CACHE_POSITION}). The validator and the loader accept exactly these.
   */
  public static boolean isOptionalControlInput(String name) {
    return name.equals(USE_CACHE_BRANCH) || isLogitsToKeep(name) || name.equals(CACHE_POSITION);
  }

  /** Whether {@code name} is one of the two names of the logits-to-keep input. */
  public static boolean isLogitsToKeep(String name) {
    return name.equals(LOGITS_TO_KEEP) || name.equals(NUM_LOGITS_TO_KEEP);
  }

  /**
   * Whether a decoder input carries DeepStack features; exports differ in the exact name ({@link
   * #DEEPSTACK_EMBEDS}, {@code deepstack_visual_embeds}).
   */
  public static boolean isDeepstack(String name) {
    return name.contains("deepstack");
  }

  /**
   * Whether a decoder input is recurrent state fed back from the previous step: an attention cache
   * ({@code past_key_values.N.*}), a linear-attention state ({@code past_conv.N}) or a generic
   * {@code in_*} state.
   */
  public static boolean isStateInput(String name) {
    return name.startsWith("past") || name.startsWith("in_");
  }

  /**
   * The output names that may return state input {@code name} after a step, most specific first:
   * {@code past_key_values.N.key} becomes {@code present.N.key}, {@code past_conv.N} {@code
   * present_conv.N}, {@code in_x} {@code out_x}.
   */
  public static List<String> stateOutputCandidates(String name) {
    List<String> candidates = new ArrayList<>();
    for (String candidate :
        new String[] {
          name.replaceFirst("^" + PAST_KEY_VALUES, PRESENT),
          name.replaceFirst("^past_", PRESENT + "_"),
          name.replaceFirst("^past", PRESENT),
          name.replaceFirst("^in_", "out_")
        }) {
      if (!candidate.equals(name)) {
        candidates.add(candidate);
      }
    }
    return candidates;
  }
}
