package app.lumen.cli;

import app.lumen.inference.ImageInput;
import app.lumen.inference.vision.VisionModel;
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
    return vision.image(ImageIoDecoder.source(file), budget(budget));
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
