package app.lumen.cli;

import app.lumen.inference.ImageInput;
import app.lumen.inference.vision.VisionModel;
import app.lumen.vision.ImagePlan;
import app.lumen.vision.InvalidImageException;
import app.lumen.vision.RgbImage;
import app.lumen.vision.TokenBudget;
import app.lumen.vision.jvm.ImageIoDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Image files for the CLI: planned from the header, decoded only as finely as the plan needs. */
final class CliImages {
  private CliImages() {}

  /** An image file as a chat message part of {@code vision}'s model. */
  static ImageInput load(VisionModel vision, Path file, Integer budget) throws IOException {
    requireReadable(file);
    byte[] bytes = Files.readAllBytes(file);
    ImageIoDecoder.Header header = ImageIoDecoder.header(bytes, file.toString());
    ImagePlan plan;
    try {
      plan = vision.plan(header.uprightWidth(), header.uprightHeight(), budget(budget));
    } catch (InvalidImageException e) {
      throw new InvalidImageException(e.reason(), file + ": " + e.getMessage(), e);
    }
    RgbImage decoded = ImageIoDecoder.decode(bytes, file.toString(), plan);
    return vision.image(decoded, plan);
  }

  static TokenBudget budget(Integer tokens) {
    return tokens == null ? null : new TokenBudget(tokens);
  }

  static void requireReadable(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no such file");
    }
  }
}
