package app.lumen.inference.testing;

import app.lumen.inference.FinishReason;
import app.lumen.inference.GenerationException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link FakeInferenceEngine} generation does: the tokens it streams, how long each takes,
 * how it finishes or where it fails. Immutable; build with {@link #builder()}.
 */
public final class FakeScript {

  /** One scripted token. */
  public record Chunk(int tokenId, String text, boolean thinking) {}

  private final List<Chunk> chunks;
  private final long prefillMillis;
  private final long imageEncodeMillis;
  private final long tokenDelayMillis;
  private final FinishReason finishReason;
  private final int failAfterTokens;
  private final String failureMessage;

  private FakeScript(Builder builder) {
    this.chunks = List.copyOf(builder.chunks);
    this.prefillMillis = builder.prefillMillis;
    this.imageEncodeMillis = builder.imageEncodeMillis;
    this.tokenDelayMillis = builder.tokenDelayMillis;
    this.finishReason = builder.finishReason;
    this.failAfterTokens = builder.failAfterTokens;
    this.failureMessage = builder.failureMessage;
  }

  /** A script streaming {@code texts} as answer tokens, then stopping on an end token. */
  public static FakeScript answer(String... texts) {
    Builder builder = builder();
    for (String text : texts) {
      builder.token(text);
    }
    return builder.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<Chunk> chunks() {
    return chunks;
  }

  public long prefillMillis() {
    return prefillMillis;
  }

  public long tokenDelayMillis() {
    return tokenDelayMillis;
  }

  /** Time spent in {@code ENCODING_IMAGE} when the request brings images not seen before. */
  public long imageEncodeMillis() {
    return imageEncodeMillis;
  }

  public FinishReason finishReason() {
    return finishReason;
  }

  /** The number of tokens streamed before the scripted failure, or -1 for none. */
  public int failAfterTokens() {
    return failAfterTokens;
  }

  String failureMessage() {
    return failureMessage;
  }

  /** Builder for {@link FakeScript}. Not thread-safe. */
  public static final class Builder {
    private static final int FIRST_TOKEN_ID = 1000;

    private final List<Chunk> chunks = new ArrayList<>();
    private long prefillMillis;
    private long imageEncodeMillis;
    private long tokenDelayMillis;
    private FinishReason finishReason = FinishReason.STOP_TOKEN;
    private int failAfterTokens = -1;
    private String failureMessage;

    private Builder() {}

    /** An answer token; ids are assigned in order from 1000. */
    public Builder token(String text) {
      return chunk(new Chunk(FIRST_TOKEN_ID + chunks.size(), text, false));
    }

    /** A reasoning token (between {@code <think>} and {@code </think>}). */
    public Builder thinking(String text) {
      return chunk(new Chunk(FIRST_TOKEN_ID + chunks.size(), text, true));
    }

    public Builder chunk(Chunk chunk) {
      chunks.add(chunk);
      return this;
    }

    /** Time spent in {@code PREFILL} before the first token. */
    public Builder prefillMillis(long millis) {
      this.prefillMillis = millis;
      return this;
    }

    /** Time spent in {@code ENCODING_IMAGE} for requests with new images. */
    public Builder imageEncodeMillis(long millis) {
      this.imageEncodeMillis = millis;
      return this;
    }

    /** Time spent before each token. */
    public Builder tokenDelayMillis(long millis) {
      this.tokenDelayMillis = millis;
      return this;
    }

    /**
     * How the generation ends when every chunk was streamed (default {@link
     * FinishReason#STOP_TOKEN}). {@link FinishReason#CANCELLED} and {@link FinishReason#ERROR} are
     * not scriptable this way: cancel the generation, or use {@link #failAfter}.
     */
    public Builder finish(FinishReason reason) {
      if (reason == FinishReason.CANCELLED || reason == FinishReason.ERROR) {
        throw new IllegalArgumentException(reason + " cannot be scripted as a finish reason");
      }
      this.finishReason = reason;
      return this;
    }

    /** Fails with a {@link GenerationException} after {@code tokens} tokens were streamed. */
    public Builder failAfter(int tokens, String message) {
      if (tokens < 0) {
        throw new IllegalArgumentException("tokens must be >= 0, was " + tokens);
      }
      this.failAfterTokens = tokens;
      this.failureMessage = message;
      return this;
    }

    public FakeScript build() {
      return new FakeScript(this);
    }
  }
}
