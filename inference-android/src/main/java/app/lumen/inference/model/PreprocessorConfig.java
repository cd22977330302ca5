package app.lumen.inference.model;

import app.lumen.inference.model.internal.JsonFile;
import app.lumen.pkg.InvalidPackageException;
import com.google.gson.JsonObject;
import java.util.Optional;

/**
 * Image preprocessing values from {@code preprocessor_config.json}. Qwen3-VL writes the pixel
 * bounds as {@code size.shortest_edge}/{@code size.longest_edge}, Qwen2-VL as {@code min_pixels}/
 * {@code max_pixels}; both mean a bound on width x height. Immutable.
 */
public record PreprocessorConfig(
    long minPixels,
    long maxPixels,
    int patchSize,
    int temporalPatchSize,
    int mergeSize,
    double[] imageMean,
    double[] imageStd) {

  public static final String FILE_NAME = "preprocessor_config.json";

  public PreprocessorConfig {
    imageMean = imageMean.clone();
    imageStd = imageStd.clone();
  }

  @Override
  public double[] imageMean() {
    return imageMean.clone();
  }

  @Override
  public double[] imageStd() {
    return imageStd.clone();
  }

  public static PreprocessorConfig parse(JsonFile file) throws InvalidPackageException {
    JsonObject root = file.root();
    Optional<JsonObject> size = file.object(root, "size", "");
    long min =
        file.optionalLong(root, "min_pixels", "")
            .orElse(
                size.isPresent()
                    ? file.optionalLong(size.get(), "shortest_edge", "size.").orElse(0L)
                    : 0L);
    long max =
        file.optionalLong(root, "max_pixels", "")
            .orElse(
                size.isPresent()
                    ? file.optionalLong(size.get(), "longest_edge", "size.").orElse(0L)
                    : 0L);
    if (min <= 0 || max < min) {
      throw file.problem(
          "min_pixels/max_pixels",
          "expected 0 < min <= max (or size.shortest_edge/longest_edge), found " + min + "/" + max);
    }
    int patch = file.requireInt(root, "patch_size", "");
    double[] mean = file.doubleList(root, "image_mean", "");
    double[] std = file.doubleList(root, "image_std", "");
    if (mean.length != 3 || std.length != 3) {
      throw file.problem("image_mean/image_std", "expected 3 values each (RGB)");
    }
    return new PreprocessorConfig(
        min,
        max,
        patch,
        file.optionalInt(root, "temporal_patch_size", "").orElse(2),
        file.optionalInt(root, "merge_size", "").orElse(2),
        mean,
        std);
  }
}
