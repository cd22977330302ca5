package app.lumen.inference.internal;

/**
 * What the generator needs from a tokenizer: ids of named tokens and streaming decoding. Kept
 * narrow so any tokenizer implementation can be adapted.
 */
interface TextCodec {

  /** The id of a token written as text (e.g. {@code "</think>"}), or -1 when there is none. */
  int tokenId(String token);

  /** Whether {@code id} is a special token (never shown as text). */
  boolean isSpecial(int id);

  /** A fresh decoder for one generation. */
  TokenTextStream newStream();

  /** Decodes ids one at a time, holding back incomplete UTF-8 characters. Not thread-safe. */
  interface TokenTextStream {
    /** The text completed by {@code id}; may be empty. */
    String next(int id);

    /** Whatever was held back. */
    String flush();
  }
}
