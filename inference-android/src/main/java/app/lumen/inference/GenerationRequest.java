package app.lumen.inference;

import java.util.List;

/**
 * What to generate. Immutable; build with {@link #builder(List)}.
 *
 * @param messages the whole conversation so far, usually ending with a user message; the answer
 *     continues it
 * @param sampling how tokens are chosen; {@code null} means the model's {@link
 *     LoadedModel#defaultSampling()}
 * @param maxNewTokens the most tokens to generate (reasoning included)
 * @param stopStrings texts that end the answer when they appear (not included in the result)
 * @param think asks templates that offer a switch to let the model reason first; Qwen3-VL Thinking
 *     packages always reason and Instruct packages never do, whatever this says
 */
public record GenerationRequest(
    List<ChatMessage> messages,
    SamplingParams sampling,
    int maxNewTokens,
    List<String> stopStrings,
    boolean think) {

  /** A generous default that still bounds a runaway answer on a phone. */
  public static final int DEFAULT_MAX_NEW_TOKENS = 1024;

  public GenerationRequest {
    if (messages == null || messages.isEmpty()) {
      throw new IllegalArgumentException("messages must not be empty");
    }
    messages = List.copyOf(messages);
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("maxNewTokens must be >= 1, was " + maxNewTokens);
    }
    stopStrings = stopStrings == null ? List.of() : List.copyOf(stopStrings);
    for (String stop : stopStrings) {
      if (stop.isEmpty()) {
        throw new IllegalArgumentException("stop strings must not be empty");
      }
    }
  }

  /** A request for the conversation {@code messages} with the defaults. */
  public static Builder builder(List<ChatMessage> messages) {
    return new Builder(messages);
  }

  /** A single-question request. */
  public static GenerationRequest of(String userText) {
    return builder(List.of(ChatMessage.user(userText))).build();
  }

  public Builder toBuilder() {
    return new Builder(messages)
        .sampling(sampling)
        .maxNewTokens(maxNewTokens)
        .stopStrings(stopStrings)
        .think(think);
  }

  /** Builder for {@link GenerationRequest}. Not thread-safe. */
  public static final class Builder {
    private final List<ChatMessage> messages;
    private SamplingParams sampling;
    private int maxNewTokens = DEFAULT_MAX_NEW_TOKENS;
    private List<String> stopStrings = List.of();
    private boolean think;

    private Builder(List<ChatMessage> messages) {
      this.messages = messages;
    }

    public Builder sampling(SamplingParams sampling) {
      this.sampling = sampling;
      return this;
    }

    public Builder maxNewTokens(int maxNewTokens) {
      this.maxNewTokens = maxNewTokens;
      return this;
    }

    public Builder stopStrings(List<String> stopStrings) {
      this.stopStrings = stopStrings;
      return this;
    }

    public Builder think(boolean think) {
      this.think = think;
      return this;
    }

    public GenerationRequest build() {
      return new GenerationRequest(messages, sampling, maxNewTokens, stopStrings, think);
    }
  }
}
