package app.lumen.inference;

/**
 * How the next token is chosen from the logits. Immutable; build with {@link #builder()}.
 *
 * <p>Order of operations (as in Hugging Face transformers): repetition penalty, temperature, top-k,
 * top-p, min-p, then a draw from the remaining distribution. A temperature of 0 means greedy
 * (argmax after the repetition penalty); the other filters are then irrelevant.
 *
 * @param temperature 0 for greedy, otherwise &gt; 0
 * @param topK keep the k most likely tokens; 0 disables
 * @param topP keep the smallest set whose probability reaches p; 1 disables
 * @param minP drop tokens less likely than minP × the most likely one; 0 disables
 * @param repetitionPenalty 1 disables; &gt; 1 makes tokens already in the prompt or answer less
 *     likely (positive logits divided by it, negative ones multiplied)
 * @param seed the random seed; {@code null} for a fresh seed per generation
 */
public record SamplingParams(
    float temperature, int topK, float topP, float minP, float repetitionPenalty, Long seed) {

  /** Always the most likely token. */
  public static final SamplingParams GREEDY = new SamplingParams(0f, 0, 1f, 0f, 1f, null);

  public SamplingParams {
    if (!(temperature >= 0f) || Float.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be >= 0, was " + temperature);
    }
    if (topK < 0) {
      throw new IllegalArgumentException("topK must be >= 0, was " + topK);
    }
    if (!(topP > 0f && topP <= 1f)) {
      throw new IllegalArgumentException("topP must be in (0, 1], was " + topP);
    }
    if (!(minP >= 0f && minP <= 1f)) {
      throw new IllegalArgumentException("minP must be in [0, 1], was " + minP);
    }
    if (!(repetitionPenalty > 0f) || Float.isInfinite(repetitionPenalty)) {
      throw new IllegalArgumentException("repetitionPenalty must be > 0, was " + repetitionPenalty);
    }
  }

  public boolean isGreedy() {
    return temperature == 0f;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .temperature(temperature)
        .topK(topK)
        .topP(topP)
        .minP(minP)
        .repetitionPenalty(repetitionPenalty)
        .seed(seed);
  }

  /** Builder starting from {@link #GREEDY}. Not thread-safe. */
  public static final class Builder {
    private float temperature;
    private int topK;
    private float topP = 1f;
    private float minP;
    private float repetitionPenalty = 1f;
    private Long seed;

    private Builder() {}

    public Builder temperature(float temperature) {
      this.temperature = temperature;
      return this;
    }

    public Builder topK(int topK) {
      this.topK = topK;
      return this;
    }

    public Builder topP(float topP) {
      this.topP = topP;
      return this;
    }

    public Builder minP(float minP) {
      this.minP = minP;
      return this;
    }

    public Builder repetitionPenalty(float repetitionPenalty) {
      this.repetitionPenalty = repetitionPenalty;
      return this;
    }

    public Builder seed(Long seed) {
      this.seed = seed;
      return this;
    }

    public SamplingParams build() {
      return new SamplingParams(temperature, topK, topP, minP, repetitionPenalty, seed);
    }
  }
}
