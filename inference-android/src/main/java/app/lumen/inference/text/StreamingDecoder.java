package app.lumen.inference.text;

/**
 * Decodes generated ids one at a time. A byte-level token can end in the middle of a UTF-8
 * character (an emoji is often two or more tokens); those bytes are held back until the token that
 * completes them arrives, so no U+FFFD flickers into the streamed answer. The concatenation of
 * everything returned equals {@link Tokenizer#decode} of all ids.
 *
 * <p>Not thread-safe: one decoder per generation.
 */
public interface StreamingDecoder {

  /**
   * The text that became complete with {@code id}; empty when the token only started a character.
   */
  String append(int id);

  /**
   * The text of bytes still held back (as U+FFFD when they never completed); resets the decoder.
   */
  String finish();
}
