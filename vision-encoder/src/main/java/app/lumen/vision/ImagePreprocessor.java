package app.lumen.vision;

import app.lumen.vision.internal.Patchifier;
import app.lumen.vision.internal.PilBicubicResampler;
import app.lumen.vision.internal.SmartResize;

/**
 * The Qwen-VL image processor: plans the size a picture is resized to ({@code smart_resize}),
 * resizes it as Pillow's bicubic filter does, rescales and normalises with the package's mean and
 * standard deviation, and flattens it into {@code pixel_values} with its {@code image_grid_thw}.
 * Every parameter comes from {@link ImageProcessorConfig}, so Qwen2-VL/2.5-VL packages (patch 14,
 * CLIP mean/std) work as well as Qwen3-VL ones.
 *
 * <p>Immutable and thread-safe.
 *
 * <p>Errors: {@link InvalidImageException} for sizes the processor refuses (a side shorter than
 * {@link ImageProcessorConfig#factor()}, an aspect ratio over 200), and for pictures too long and
 * narrow for the token budget asked for.
 */
public final class ImagePreprocessor {
  private final ImageProcessorConfig config;
  private final VisionCostModel costModel;

  public ImagePreprocessor(ImageProcessorConfig config, VisionCostModel costModel) {
    this.config = config;
    this.costModel = costModel;
  }

  public ImagePreprocessor(ImageProcessorConfig config) {
    this(config, VisionCostModel.QWEN3_VL_2B_PHONE);
  }

  public ImageProcessorConfig config() {
    return config;
  }

  /** The plan for a {@code width × height} picture within the package's pixel bounds. */
  public ImagePlan plan(int width, int height) {
    return plan(width, height, config.minPixels(), config.maxPixels());
  }

  /**
   * The plan for a {@code width × height} picture within {@code budget}. The budget is a ceiling:
   * it replaces the package's largest area ({@code tokens × factor²} pixels), and where the
   * package's smallest area would round a small picture up past it, the smallest area gives way as
   * far as needed (the plan has as many tokens as fit the budget).
   *
   * @throws InvalidImageException ({@link InvalidImageException.Reason#ASPECT_RATIO}) also for a
   *     long, narrow picture that no plan within the budget holds: its short side cannot shrink
   *     below one token, so its long side alone takes more tokens than the budget (roughly, a
   *     budget below the aspect ratio). Squeezing it further would distort it beyond what the
   *     processor does; the message says which budget would do.
   */
  public ImagePlan plan(int width, int height, TokenBudget budget) {
    if (budget == null) {
      return plan(width, height);
    }
    ImagePlan plan = closest(width, height, budget.tokens());
    if (plan.tokens() <= budget.tokens()) {
      return plan;
    }
    int needed = budget.tokens() + 1;
    while (closest(width, height, needed).tokens() > needed) {
      needed++; // terminates: at the unscaled picture's token count nothing is shrunk
    }
    throw new InvalidImageException(
        InvalidImageException.Reason.ASPECT_RATIO,
        "image "
            + width
            + "x"
            + height
            + " is too long and narrow for a budget of "
            + budget.tokens()
            + " image tokens (it needs at least "
            + needed
            + "); choose a larger budget or crop it");
  }

  /** The plan with the fewest tokens above {@code tokens}, or the largest within them. */
  private ImagePlan closest(int width, int height, int tokens) {
    long max = new TokenBudget(tokens).maxPixels(config.factor());
    ImagePlan plan = plan(width, height, Math.min(config.minPixels(), max), max);
    // Rounding up to the smallest area can overshoot a budget at or below it: lower the smallest
    // area one token at a time until the picture fits (at most budget steps of arithmetic).
    long oneToken = max / tokens;
    for (long min = Math.min(config.minPixels(), max) - oneToken;
        plan.tokens() > tokens && min >= oneToken;
        min -= oneToken) {
      plan = plan(width, height, min, max);
    }
    return plan;
  }

  private ImagePlan plan(int width, int height, long minPixels, long maxPixels) {
    int[] size = SmartResize.resize(height, width, config.factor(), minPixels, maxPixels);
    int p = config.patchSize();
    int gridT = 1; // a still image: temporal_patch_size identical frames make one temporal patch
    int gridH = size[0] / p;
    int gridW = size[1] / p;
    long patches = (long) gridT * gridH * gridW;
    int m = config.mergeSize();
    long tokens = patches / ((long) m * m);
    if (tokens > Integer.MAX_VALUE / 4) {
      throw new InvalidImageException(
          InvalidImageException.Reason.TOO_LARGE,
          "image " + width + "x" + height + " would need " + tokens + " tokens");
    }
    return new ImagePlan(
        width,
        height,
        size[1],
        size[0],
        gridT,
        gridH,
        gridW,
        (int) tokens,
        costModel.encodeMillis(patches),
        costModel.peakBytes(patches, config.patchValues()));
  }

  /** Resizes, normalises and patchifies {@code image} within the package's pixel bounds. */
  public PreprocessedImage preprocess(RgbImage image) {
    return preprocess(image, plan(image.width(), image.height()));
  }

  /** Resizes, normalises and patchifies {@code image} within {@code budget}. */
  public PreprocessedImage preprocess(RgbImage image, TokenBudget budget) {
    return preprocess(image, plan(image.width(), image.height(), budget));
  }

  /**
   * Resizes {@code image} to {@code plan}'s size. The image may be a subsampled decode of the
   * planned picture (see the decoders): the plan, made from the full size, stays the one the user
   * saw.
   */
  public RgbImage resize(RgbImage image, ImagePlan plan) {
    return PilBicubicResampler.resize(image, plan.resizedWidth(), plan.resizedHeight());
  }

  /** Resizes, normalises and patchifies {@code image} (or a subsampled decode of it) per plan. */
  public PreprocessedImage preprocess(RgbImage image, ImagePlan plan) {
    RgbImage resized = resize(image, plan);
    return new PreprocessedImage(plan, Patchifier.patchify(resized, config), config.patchValues());
  }
}
