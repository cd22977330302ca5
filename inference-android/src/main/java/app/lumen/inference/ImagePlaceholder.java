package app.lumen.inference;

/**
 * An image slot without pixels ({@link ContentPart#imagePlaceholder}): it occupies {@code tokens}
 * image tokens in a rendered prompt, as a 1 × 1 × tokens grid, and has no embeddings. Immutable.
 */
record ImagePlaceholder(int tokens) implements ImageInput {
  ImagePlaceholder {
    if (tokens < 1) {
      throw new IllegalArgumentException("an image needs at least 1 token, got " + tokens);
    }
  }

  @Override
  public String cacheKey() {
    return "placeholder:" + tokens;
  }

  @Override
  public ImageGrid grid() {
    return new ImageGrid(1, 1, tokens);
  }

  /**
   * @throws InvalidRequestException always: a placeholder lays out a prompt but cannot be encoded
   */
  @Override
  public ImageEmbeddings embeddings(int hiddenSize) {
    throw new InvalidRequestException(
        "an image placeholder of " + tokens + " tokens has no pixels to encode");
  }
}
