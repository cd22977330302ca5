package app.lumen.inference.model;

import app.lumen.inference.model.internal.JsonFile;
import app.lumen.pkg.InvalidPackageException;
import app.lumen.vision.ImageProcessorConfig;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.Optional;
import java.util.function.DoublePredicate;

/**
 * Reads a package's {@code preprocessor_config.json} with every field's type and range checked
 * first, so a wrong value is one line naming its JSON path ({@code preprocessor_config.json:
 * image_std[1]: expected a number > 0, found 0}) before the vision pipeline's own parser sees it.
 * Stateless.
 */
final class PreprocessorConfigs {
  private static final DoublePredicate WHOLE_POSITIVE = v -> v > 0 && v == Math.rint(v);

  private PreprocessorConfigs() {}

  static ImageProcessorConfig parse(JsonFile file) throws InvalidPackageException {
    JsonObject root = file.root();
    file.requireInt(root, "patch_size", "", v -> v > 0, JsonFile.POSITIVE);
    for (String size : new String[] {"temporal_patch_size", "merge_size"}) {
      file.optionalInt(root, size, "", v -> v > 0, JsonFile.POSITIVE);
    }
    Optional<Double> min = pixels(file, root, "min_pixels", "");
    Optional<Double> max = pixels(file, root, "max_pixels", "");
    Optional<JsonObject> size = file.object(root, "size", "");
    if (size.isPresent()) {
      min = min.isPresent() ? min : pixels(file, size.get(), "shortest_edge", "size.");
      max = max.isPresent() ? max : pixels(file, size.get(), "longest_edge", "size.");
    }
    if (min.isPresent() && max.isPresent() && max.get() < min.get()) {
      throw file.problem(
          "max_pixels",
          "expected at least min_pixels "
              + min.get().longValue()
              + ", found "
              + max.get().longValue());
    }
    file.optionalDouble(root, "rescale_factor", "", v -> v > 0, JsonFile.POSITIVE_NUMBER);
    channels(file, root, "image_mean", v -> true, "a number");
    channels(file, root, "image_std", v -> v > 0, JsonFile.POSITIVE_NUMBER);
    try {
      return ImageProcessorConfig.fromJson(root, file.name());
    } catch (IOException e) {
      throw new InvalidPackageException(e.getMessage(), e);
    }
  }

  private static Optional<Double> pixels(JsonFile file, JsonObject in, String field, String at)
      throws InvalidPackageException {
    return file.optionalDouble(in, field, at, WHOLE_POSITIVE, JsonFile.POSITIVE);
  }

  /** One value per RGB channel. */
  private static void channels(
      JsonFile file, JsonObject root, String field, DoublePredicate ok, String expected)
      throws InvalidPackageException {
    double[] values = file.doubleList(root, field, "");
    if (values.length != 3 && root.has(field)) {
      throw file.problem(field, "expected 3 numbers (R, G, B), found " + values.length);
    }
    for (int i = 0; i < values.length; i++) {
      if (!ok.test(values[i])) {
        throw file.problem(field + "[" + i + "]", "expected " + expected + ", found " + values[i]);
      }
    }
  }
}
