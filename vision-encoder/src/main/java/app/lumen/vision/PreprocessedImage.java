package app.lumen.vision;

/**
 * The vision encoder's input for one picture: {@code pixel_values} and its grid.
 *
 * <p>Immutable by convention (the array is not copied; do not change it). Thread-safe.
 *
 * @param plan sizes, grid and token count
 * @param pixelValues {@code plan.patches() × rowLength} floats, row-major
 * @param rowLength values per patch: channels · temporal patch size · patch size²
 */
public record PreprocessedImage(ImagePlan plan, float[] pixelValues, int rowLength) {

  public PreprocessedImage {
    if (pixelValues.length != (long) plan.patches() * rowLength) {
      throw new IllegalArgumentException(
          "pixel_values must hold " + plan.patches() + "x" + rowLength + " values");
    }
  }

  @Override
  public String toString() {
    return "PreprocessedImage[" + plan + ", rowLength=" + rowLength + "]";
  }
}
