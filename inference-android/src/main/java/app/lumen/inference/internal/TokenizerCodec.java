package app.lumen.inference.internal;

import app.lumen.inference.text.StreamingDecoder;
import app.lumen.inference.text.Tokenizer;

/** {@link TextCodec} over the package's {@link Tokenizer}. Immutable. */
final class TokenizerCodec implements TextCodec {
  private final Tokenizer tokenizer;

  TokenizerCodec(Tokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  Tokenizer tokenizer() {
    return tokenizer;
  }

  @Override
  public int tokenId(String token) {
    return tokenizer.tokenId(token).orElse(-1);
  }

  @Override
  public boolean isSpecial(int id) {
    return id >= 0 && id < tokenizer.vocabularySize() && tokenizer.isSpecial(id);
  }

  @Override
  public TokenTextStream newStream() {
    StreamingDecoder decoder = tokenizer.newStreamingDecoder(true);
    return new TokenTextStream() {
      @Override
      public String next(int id) {
        return id < tokenizer.vocabularySize() ? decoder.append(id) : "";
      }

      @Override
      public String flush() {
        return decoder.finish();
      }
    };
  }
}
