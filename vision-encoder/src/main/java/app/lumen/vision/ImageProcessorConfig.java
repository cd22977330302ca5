package app.lumen.vision;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.EOFException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Qwen-VL image processor's parameters, as a package's {@code preprocessor_config.json} states
 * them. Qwen3-VL writes the pixel bounds as {@code size.shortest_edge}/{@code size.longest_edge},
 * Qwen2-VL and Qwen2.5-VL as {@code min_pixels}/{@code max_pixels}; both bound width × height.
 *
 * <p>Immutable and thread-safe.
 *
 * @param patchSize side of one vision patch in pixels (16 for Qwen3-VL, 14 for Qwen2/2.5-VL)
 * @param temporalPatchSize frames per patch (2: a still image is repeated)
 * @param mergeSize patches merged per side into one token (2)
 * @param minPixels smallest resized width × height
 * @param maxPixels largest resized width × height
 * @param rescaleFactor multiplies 0..255 values (1/255)
 * @param imageMean per-channel mean, subtracted after rescaling
 * @param imageStd per-channel standard deviation, divided by after subtracting the mean
 */
public record ImageProcessorConfig(
    int patchSize,
    int temporalPatchSize,
    int mergeSize,
    long minPixels,
    long maxPixels,
    double rescaleFactor,
    double[] imageMean,
    double[] imageStd) {

  private static final Pattern POSITION = Pattern.compile("line \\d+ column \\d+");

  private static final TypeAdapter<JsonElement> ELEMENTS = new Gson().getAdapter(JsonElement.class);

  /** The file name inside a model package. */
  public static final String FILE_NAME = "preprocessor_config.json";

  /** Qwen3-VL's published {@code preprocessor_config.json}. */
  public static final ImageProcessorConfig QWEN3_VL =
      new ImageProcessorConfig(
          16,
          2,
          2,
          65_536,
          16_777_216,
          1 / 255.0,
          new double[] {0.5, 0.5, 0.5},
          new double[] {0.5, 0.5, 0.5});

  public ImageProcessorConfig {
    if (patchSize < 1 || temporalPatchSize < 1 || mergeSize < 1) {
      throw new IllegalArgumentException(
          "patch_size, temporal_patch_size and merge_size must be positive, were "
              + patchSize
              + ", "
              + temporalPatchSize
              + ", "
              + mergeSize);
    }
    if (minPixels < 1 || maxPixels < minPixels) {
      throw new IllegalArgumentException(
          "expected 0 < min_pixels <= max_pixels, were " + minPixels + " and " + maxPixels);
    }
    if (imageMean == null || imageMean.length != 3 || imageStd == null || imageStd.length != 3) {
      throw new IllegalArgumentException("image_mean and image_std need 3 values each (RGB)");
    }
    for (double s : imageStd) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("image_std values must be positive: " + s);
      }
    }
    imageMean = imageMean.clone();
    imageStd = imageStd.clone();
  }

  /** Pixels per side of one merged token: {@code patchSize × mergeSize} (32 for Qwen3-VL). */
  public int factor() {
    return patchSize * mergeSize;
  }

  /** Values per row of {@code pixel_values}: 3 · temporal · patch² (1536 for Qwen3-VL). */
  public int patchValues() {
    return 3 * temporalPatchSize * patchSize * patchSize;
  }

  @Override
  public double[] imageMean() {
    return imageMean.clone();
  }

  @Override
  public double[] imageStd() {
    return imageStd.clone();
  }

  /** The same parameters with other pixel bounds (e.g. from command line flags). */
  public ImageProcessorConfig withPixelBounds(long min, long max) {
    return new ImageProcessorConfig(
        patchSize, temporalPatchSize, mergeSize, min, max, rescaleFactor, imageMean, imageStd);
  }

  /** Reads {@code file} (a {@code preprocessor_config.json}). */
  public static ImageProcessorConfig read(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(reader, file.toString());
    }
  }

  /**
   * Parses a {@code preprocessor_config.json}; {@code source} names it in errors.
   *
   * @throws IOException when the JSON is malformed or a field is missing or out of range
   */
  public static ImageProcessorConfig parse(Reader reader, String source) throws IOException {
    JsonElement element;
    try {
      JsonReader in = new JsonReader(reader);
      // RFC 8259 only, as every other JSON file of a package is read.
      in.setStrictness(Strictness.STRICT);
      element = ELEMENTS.read(in);
      if (in.peek() != JsonToken.END_DOCUMENT) {
        throw new JsonParseException("text after the JSON value" + in);
      }
    } catch (JsonParseException | MalformedJsonException | EOFException | IllegalStateException e) {
      // The position only: the library's message advises calls of its own API.
      Matcher at = POSITION.matcher(String.valueOf(e.getMessage()));
      throw new IOException(
          source + ": malformed JSON" + (at.find() ? " at " + at.group() : ""), e);
    }
    if (!element.isJsonObject()) {
      throw new IOException(source + ": expected a JSON object");
    }
    JsonObject root = element.getAsJsonObject();
    return fromJson(root, source);
  }

  /**
   * Reads the parameters from the root object of a {@code preprocessor_config.json} already parsed;
   * {@code source} names the file in errors.
   *
   * @throws IOException when a field is missing or out of range
   */
  public static ImageProcessorConfig fromJson(JsonObject root, String source) throws IOException {
    JsonObject size =
        root.has("size") && root.get("size").isJsonObject() ? root.getAsJsonObject("size") : null;
    long min = pixels(root, "min_pixels", size, "shortest_edge", source);
    long max = pixels(root, "max_pixels", size, "longest_edge", source);
    if (!present(root, "patch_size")) {
      throw new IOException(source + ": missing patch_size");
    }
    int patch = (int) whole(root, "patch_size", source);
    int temporal =
        present(root, "temporal_patch_size") ? (int) whole(root, "temporal_patch_size", source) : 2;
    int merge = present(root, "merge_size") ? (int) whole(root, "merge_size", source) : 2;
    double rescale =
        present(root, "rescale_factor")
            ? number(root.get("rescale_factor"), "rescale_factor", source)
            : 1 / 255.0;
    double[] mean = triple(root, "image_mean", source);
    double[] std = triple(root, "image_std", source);
    try {
      return new ImageProcessorConfig(patch, temporal, merge, min, max, rescale, mean, std);
    } catch (IllegalArgumentException e) {
      throw new IOException(source + ": " + e.getMessage(), e);
    }
  }

  private static boolean present(JsonObject root, String field) {
    return root.has(field) && !root.get(field).isJsonNull();
  }

  private static long pixels(
      JsonObject root, String field, JsonObject size, String sizeField, String source)
      throws IOException {
    if (present(root, field)) {
      return whole(root, field, source);
    }
    if (size != null && present(size, sizeField)) {
      return whole(size, sizeField, "size." + sizeField, source);
    }
    throw new IOException(source + ": missing " + field + " (or size." + sizeField + ")");
  }

  private static long whole(JsonObject in, String field, String source) throws IOException {
    return whole(in, field, field, source);
  }

  private static long whole(JsonObject in, String field, String path, String source)
      throws IOException {
    double value = number(in.get(field), path, source);
    if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
      throw new IOException(
          source + ": " + path + ": expected a whole number, found " + in.get(field));
    }
    return (long) value;
  }

  private static double number(JsonElement value, String path, String source) throws IOException {
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
      throw new IOException(source + ": " + path + ": expected a number, found " + value);
    }
    return value.getAsDouble();
  }

  private static double[] triple(JsonObject root, String field, String source) throws IOException {
    if (!root.has(field) || !root.get(field).isJsonArray()) {
      throw new IOException(source + ": missing " + field + " (a list of 3 numbers)");
    }
    JsonArray array = root.getAsJsonArray(field);
    if (array.size() != 3) {
      throw new IOException(source + ": " + field + " must hold 3 numbers, has " + array.size());
    }
    double[] values = new double[3];
    for (int i = 0; i < 3; i++) {
      values[i] = number(array.get(i), field + "[" + i + "]", source);
    }
    return values;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageProcessorConfig c
        && patchSize == c.patchSize
        && temporalPatchSize == c.temporalPatchSize
        && mergeSize == c.mergeSize
        && minPixels == c.minPixels
        && maxPixels == c.maxPixels
        && rescaleFactor == c.rescaleFactor
        && Arrays.equals(imageMean, c.imageMean)
        && Arrays.equals(imageStd, c.imageStd);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(
                new double[] {patchSize, temporalPatchSize, mergeSize, minPixels, maxPixels})
            * 31
        + Arrays.hashCode(imageMean);
  }

  @Override
  public String toString() {
    return "ImageProcessorConfig[patch="
        + patchSize
        + ", temporal="
        + temporalPatchSize
        + ", merge="
        + mergeSize
        + ", pixels="
        + minPixels
        + ".."
        + maxPixels
        + ", mean="
        + Arrays.toString(imageMean)
        + ", std="
        + Arrays.toString(imageStd)
        + "]";
  }
}
