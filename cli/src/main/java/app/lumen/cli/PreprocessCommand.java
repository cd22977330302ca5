package app.lumen.cli;

import app.lumen.inference.model.ModelPackage;
import app.lumen.pkg.InvalidPackageException;
import app.lumen.pkg.PackageManifest;
import app.lumen.vision.ImagePlan;
import app.lumen.vision.ImagePreprocessor;
import app.lumen.vision.ImageProcessorConfig;
import app.lumen.vision.InvalidImageException;
import app.lumen.vision.PreprocessedImage;
import app.lumen.vision.RgbImage;
import app.lumen.vision.jvm.ImageIoDecoder;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lumen preprocess}: what the Qwen-VL processor makes of a picture. */
@Command(
    name = "preprocess",
    mixinStandardHelpOptions = true,
    description = {
      "Plans and preprocesses an image as the Qwen-VL image processor does: size, patch grid,",
      "image tokens; --dump writes pixel_values (little-endian float32, row-major).",
      "Parameters come from the package's preprocessor_config.json (--model), else Qwen3-VL's."
    })
public final class PreprocessCommand implements Callable<Integer> {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  @Spec CommandSpec spec;

  @Option(names = "--image", required = true, paramLabel = "FILE", description = "JPEG, PNG, …")
  Path image;

  @Option(names = "--model", paramLabel = "DIR", description = "Package whose processor to use.")
  Path model;

  @Option(names = "--min-pixels", paramLabel = "N", description = "Smallest resized area.")
  Long minPixels;

  @Option(names = "--max-pixels", paramLabel = "N", description = "Largest resized area.")
  Long maxPixels;

  @Option(names = "--budget", paramLabel = "TOKENS", description = "Most image tokens.")
  Integer budget;

  @Option(names = "--json", description = "One JSON object on stdout.")
  boolean json;

  @Option(names = "--dump", paramLabel = "FILE", description = "Write pixel_values here.")
  Path dump;

  @Override
  public Integer call() {
    PrintWriter out = TerminalText.guard(spec.commandLine().getOut());
    PrintWriter err = TerminalText.guard(spec.commandLine().getErr());
    ImageProcessorConfig config;
    try {
      config = processorConfig();
    } catch (IOException e) {
      err.println("lumen preprocess: " + e.getMessage());
      return LumenCli.EXIT_INVALID_INPUT;
    } catch (IllegalArgumentException e) {
      err.println("lumen preprocess: " + e.getMessage());
      return LumenCli.EXIT_USAGE;
    }
    if (budget != null && budget < 1) {
      err.println("lumen preprocess: --budget must be at least 1, was " + budget);
      return LumenCli.EXIT_USAGE;
    }
    String dumpProblem = dump == null ? null : OutputPaths.fileProblem(dump);
    if (dumpProblem != null) {
      err.println("lumen preprocess: --dump " + dumpProblem);
      return LumenCli.EXIT_INVALID_INPUT;
    }
    try {
      CliImages.requireReadable(image);
      byte[] bytes = Files.readAllBytes(image);
      ImagePreprocessor preprocessor = new ImagePreprocessor(config);
      ImageIoDecoder.Header header = ImageIoDecoder.header(bytes, image.toString());
      ImagePlan plan =
          preprocessor.plan(
              header.uprightWidth(), header.uprightHeight(), CliImages.budget(budget));
      if (dump != null) {
        // Full resolution (up to the processor's largest input), so the dump is the processor's.
        RgbImage decoded = ImageIoDecoder.decode(bytes, image.toString(), null);
        PreprocessedImage pre = preprocessor.preprocess(decoded, plan);
        write(dump, pre.pixelValues());
      }
      if (json) {
        out.println(GSON.toJson(toJson(plan, config)));
      } else {
        out.printf(
            Locale.ROOT,
            "%s: %dx%d -> %dx%d, grid [%d, %d, %d], %d image tokens%n"
                + "estimated encode on a phone CPU (Qwen3-VL 2B tower): %.0f ms, %.0f MB%n",
            image,
            plan.sourceWidth(),
            plan.sourceHeight(),
            plan.resizedWidth(),
            plan.resizedHeight(),
            plan.gridT(),
            plan.gridH(),
            plan.gridW(),
            plan.tokens(),
            plan.estimatedEncodeMillis(),
            plan.estimatedPeakBytes() / 1e6);
      }
      out.flush();
      return LumenCli.EXIT_OK;
    } catch (InvalidImageException e) {
      String message = e.getMessage();
      err.println(
          "lumen preprocess: "
              + (message.startsWith(image.toString()) ? message : image + ": " + message));
      return LumenCli.EXIT_INVALID_INPUT;
    } catch (IOException e) {
      err.println("lumen preprocess: " + e.getMessage());
      return LumenCli.EXIT_INVALID_INPUT;
    }
  }

  private ImageProcessorConfig processorConfig() throws IOException {
    ImageProcessorConfig config = ImageProcessorConfig.QWEN3_VL;
    if (model != null) {
      // Checked as validate and the loader check it, so the three agree on a package.
      try {
        config = ModelPackage.preprocessorConfig(model, PackageManifest.read(model));
      } catch (InvalidPackageException e) {
        throw new IOException(e.getMessage(), e);
      }
    }
    if (minPixels != null || maxPixels != null) {
      long min = minPixels != null ? minPixels : Math.min(config.minPixels(), maxPixels);
      long max = maxPixels != null ? maxPixels : Math.max(config.maxPixels(), minPixels);
      if (min < 1 || max < min) {
        throw new IllegalArgumentException(
            "--min-pixels/--max-pixels: expected 0 < min <= max, got " + min + " and " + max);
      }
      config = config.withPixelBounds(min, max);
    }
    return config;
  }

  private static JsonObject toJson(ImagePlan plan, ImageProcessorConfig config) {
    JsonObject o = new JsonObject();
    o.addProperty("width", plan.sourceWidth());
    o.addProperty("height", plan.sourceHeight());
    o.addProperty("resized_height", plan.resizedHeight());
    o.addProperty("resized_width", plan.resizedWidth());
    JsonArray grid = new JsonArray();
    for (long v : plan.gridThw()) {
      grid.add(v);
    }
    o.add("grid_thw", grid);
    o.addProperty("tokens", plan.tokens());
    JsonArray shape = new JsonArray();
    shape.add(plan.patches());
    shape.add(config.patchValues());
    o.add("pixel_values_shape", shape);
    o.addProperty("estimated_encode_ms", Math.round(plan.estimatedEncodeMillis()));
    o.addProperty("estimated_peak_mb", Math.round(plan.estimatedPeakBytes() / 1e6));
    return o;
  }

  private static void write(Path file, float[] values) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
    try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(file))) {
      for (float v : values) {
        if (!buffer.hasRemaining()) {
          stream.write(buffer.array(), 0, buffer.position());
          buffer.clear();
        }
        buffer.putFloat(v);
      }
      stream.write(buffer.array(), 0, buffer.position());
    }
  }
}
