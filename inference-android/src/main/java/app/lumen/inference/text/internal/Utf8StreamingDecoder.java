package app.lumen.inference.text.internal;

import app.lumen.inference.text.StreamingDecoder;

/**
 * Emits the text of each token as soon as its UTF-8 is complete. Bytes of a character split across
 * tokens are held back (at most three); a held-back start that can never complete is released as
 * U+FFFD when the next byte proves it invalid, exactly where a whole-sequence decode would put it.
 */
final class Utf8StreamingDecoder implements StreamingDecoder {
  private final ByteLevelBpeTokenizer tokenizer;
  private final boolean skipSpecialTokens;
  private final ByteSink pending = new ByteSink(16);

  Utf8StreamingDecoder(ByteLevelBpeTokenizer tokenizer, boolean skipSpecialTokens) {
    this.tokenizer = tokenizer;
    this.skipSpecialTokens = skipSpecialTokens;
  }

  @Override
  public String append(int id) {
    tokenizer.appendBytes(id, skipSpecialTokens, pending);
    int complete = Utf8.incompleteTailStart(pending.array(), pending.length());
    if (complete == 0) {
      return "";
    }
    StringBuilder text = new StringBuilder(complete);
    Utf8.decode(pending.array(), 0, complete, text);
    pending.keepFrom(complete);
    return text.toString();
  }

  @Override
  public String finish() {
    StringBuilder text = new StringBuilder();
    Utf8.decode(pending.array(), 0, pending.length(), text);
    pending.keepFrom(pending.length());
    return text.toString();
  }
}
