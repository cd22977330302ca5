package app.lumen.pkg;

import java.util.List;

/**
 * The published format of the Qwen2/Qwen3 byte-level BPE tokenizer that every supported family
 * ships in its package's {@code tokenizer.json}: the pre-tokenizer's split pattern, and the added
 * tokens that chat templates and {@code config.json} refer to by name.
 *
 * <p>The engine reads a package's own added tokens and pattern from {@code tokenizer.json}; it uses
 * these constants to find the tokens it needs by name and to recognise the Qwen split, for which it
 * has a fast path. The test kit writes tokenizers in this format. Constants only; thread-safe.
 */
public final class QwenTokenizerFormat {

  /** The pre-tokenizer's {@code Split} regex, exactly as {@code tokenizer.json} writes it. */
  public static final String SPLIT_PATTERN =
      "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}|"
          + " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

  /** End of a document; also the padding token. */
  public static final String END_OF_TEXT = "<|endoftext|>";

  /** Opens a ChatML turn ({@code <|im_start|>user\n}). */
  public static final String IM_START = "<|im_start|>";

  /** Closes a ChatML turn; the end of every answer. */
  public static final String IM_END = "<|im_end|>";

  public static final String VISION_START = "<|vision_start|>";
  public static final String VISION_END = "<|vision_end|>";
  public static final String VISION_PAD = "<|vision_pad|>";

  /** One image token: the prompt holds one per merged patch, replaced by vision features. */
  public static final String IMAGE_PAD = "<|image_pad|>";

  public static final String VIDEO_PAD = "<|video_pad|>";
  public static final String THINK_OPEN = "<think>";
  public static final String THINK_CLOSE = "</think>";
  public static final String TOOL_RESPONSE_OPEN = "<tool_response>";
  public static final String TOOL_RESPONSE_CLOSE = "</tool_response>";

  /**
   * One added token of the published tokenizer.
   *
   * @param special whether {@code tokenizer.json} marks it special (left out of decoded text)
   */
  public record AddedToken(String content, boolean special) {}

  /** Qwen3-VL's added tokens, in id order (they follow the BPE vocabulary). */
  public static final List<AddedToken> ADDED_TOKENS =
      List.of(
          new AddedToken(END_OF_TEXT, true),
          new AddedToken(IM_START, true),
          new AddedToken(IM_END, true),
          new AddedToken("<|object_ref_start|>", true),
          new AddedToken("<|object_ref_end|>", true),
          new AddedToken("<|box_start|>", true),
          new AddedToken("<|box_end|>", true),
          new AddedToken("<|quad_start|>", true),
          new AddedToken("<|quad_end|>", true),
          new AddedToken(VISION_START, true),
          new AddedToken(VISION_END, true),
          new AddedToken(VISION_PAD, true),
          new AddedToken(IMAGE_PAD, true),
          new AddedToken(VIDEO_PAD, true),
          new AddedToken("<tool_call>", false),
          new AddedToken("</tool_call>", false),
          new AddedToken("<|fim_prefix|>", false),
          new AddedToken("<|fim_middle|>", false),
          new AddedToken("<|fim_suffix|>", false),
          new AddedToken("<|fim_pad|>", false),
          new AddedToken("<|repo_name|>", false),
          new AddedToken("<|file_sep|>", false),
          new AddedToken(TOOL_RESPONSE_OPEN, false),
          new AddedToken(TOOL_RESPONSE_CLOSE, false),
          new AddedToken(THINK_OPEN, false),
          new AddedToken(THINK_CLOSE, false));

  private QwenTokenizerFormat() {}
}
