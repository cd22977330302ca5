package app.lumen.vision;

import java.io.IOException;

/**
 * A picture decoded for its plan: the pixels (possibly subsampled) and the plan made for the
 * picture's full upright size, which is what the resize targets.
 *
 * <p>Immutable.
 *
 * @param image the decoded pixels, upright
 * @param plan the plan for the picture as shown
 */
public record PlannedImage(RgbImage image, ImagePlan plan) {

  /** Plans a picture from its upright size, before pixels are decoded. */
  @FunctionalInterface
  public interface Planner {
    /**
     * @throws InvalidImageException when the size is refused (e.g. too small or too elongated)
     */
    ImagePlan plan(int width, int height);
  }

  /**
   * Decodes {@code source} upright, no finer than {@code planner}'s plan for its size needs (at
   * most {@link Subsampling#MAX_DECODED_PIXELS}).
   *
   * @throws InvalidImageException when the data is not a picture or the plan refuses its size
   * @throws IOException when the source cannot be read
   */
  public static PlannedImage decode(ImageSource source, Planner planner) throws IOException {
    ImagePlan[] planned = new ImagePlan[1];
    RgbImage image =
        source.decode(
            (width, height) -> {
              ImagePlan plan = planner.plan(width, height);
              planned[0] = plan;
              return Subsampling.choose(
                  width,
                  height,
                  plan.resizedWidth(),
                  plan.resizedHeight(),
                  Subsampling.MAX_DECODED_PIXELS);
            });
    ImagePlan plan = planned[0];
    if (plan == null) {
      throw new IllegalStateException("the image source decoded without telling its size");
    }
    boolean plannedLandscape = plan.sourceWidth() > plan.sourceHeight();
    boolean decodedLandscape = image.width() > image.height();
    if (plan.sourceWidth() != plan.sourceHeight() && plannedLandscape != decodedLandscape) {
      // Some decoders (Android's) report the stored size and only then turn the picture upright:
      // plan the upright size, so that the resize keeps the aspect ratio. The subsampling factor
      // is the same either way round.
      plan = planner.plan(plan.sourceHeight(), plan.sourceWidth());
    }
    return new PlannedImage(image, plan);
  }
}
