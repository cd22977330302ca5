package app.lumen.inference.text;

import app.lumen.inference.text.internal.ByteLevelBpeTokenizer;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Turns text into the token ids a model was trained on and back, exactly as the Hugging Face
 * tokenizer described by a {@code tokenizer.json} does (byte-level BPE as used by Qwen, GPT-2 and
 * Llama 3).
 *
 * <p>Threading: a loaded tokenizer is immutable and safe to share between threads; {@link
 * StreamingDecoder}s it creates are not.
 *
 * <p>Errors: loading throws {@link TokenizerFormatException} (naming the field) when the file is
 * not a tokenizer this class can reproduce exactly; encoding and decoding never fail, except for
 * ids outside {@link #vocabularySize()} ({@link IllegalArgumentException}).
 */
public interface Tokenizer {

  /** Loads a Hugging Face {@code tokenizer.json}. */
  static Tokenizer load(Path tokenizerJson) throws IOException {
    return ByteLevelBpeTokenizer.load(tokenizerJson);
  }

  /** Reads a Hugging Face {@code tokenizer.json}; {@code sourceName} names it in error messages. */
  static Tokenizer read(Reader tokenizerJson, String sourceName) throws IOException {
    return ByteLevelBpeTokenizer.read(tokenizerJson, sourceName);
  }

  /**
   * The ids of {@code text}. Added tokens written in the text (such as {@code <|im_start|>}) are
   * matched whole, as {@code tokenizer.json} declares them; no BOS/EOS is added.
   */
  int[] encode(String text);

  /**
   * The ids of {@code text} with every character treated as plain text (no added-token matching).
   */
  int[] encodePlainText(String text);

  /** The text of {@code ids}, special tokens included; invalid UTF-8 becomes U+FFFD. */
  default String decode(int[] ids) {
    return decode(ids, false);
  }

  /**
   * The text of {@code ids}; with {@code skipSpecialTokens} the special added tokens are left out.
   */
  String decode(int[] ids, boolean skipSpecialTokens);

  /** A decoder that turns ids into text one at a time, holding back incomplete UTF-8 characters. */
  StreamingDecoder newStreamingDecoder(boolean skipSpecialTokens);

  /** The id of a vocabulary entry or added token written as text (e.g. {@code "<|im_end|>"}). */
  OptionalInt tokenId(String token);

  /**
   * Like {@link #tokenId} but the token must exist.
   *
   * @throws IllegalArgumentException naming the token when the vocabulary lacks it
   */
  default int requireTokenId(String token) {
    OptionalInt id = tokenId(token);
    if (!id.isPresent()) {
      throw new IllegalArgumentException("the tokenizer has no token " + token);
    }
    return id.getAsInt();
  }

  /** The token as written in the vocabulary (byte-level characters for BPE tokens). */
  String tokenText(int id);

  /** Whether {@code id} is an added token marked {@code "special": true}. */
  boolean isSpecial(int id);

  /** One more than the largest token id. */
  int vocabularySize();
}
