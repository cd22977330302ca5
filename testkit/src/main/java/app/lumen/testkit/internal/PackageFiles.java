package app.lumen.testkit.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes package JSON files as stable text. */
public final class PackageFiles {
  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();

  private PackageFiles() {}

  /** Pretty JSON with a final newline; the element's own key order is kept. */
  public static void writeJson(Path file, JsonElement json) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, GSON.toJson(json) + "\n", StandardCharsets.UTF_8);
  }
}
