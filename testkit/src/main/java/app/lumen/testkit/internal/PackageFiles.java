package app.lumen.testkit.internal;

import app.lumen.pkg.InvalidPackageException;
import app.lumen.pkg.PackageManifest;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes package text files as UTF-8. Only APIs Android 10 has (no {@code
 * Files.readString}, no {@code InputStream.readAllBytes}): the app builds tiny packages on the
 * phone for its self-test.
 */
public final class PackageFiles {
  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();

  private PackageFiles() {}

  /** Pretty JSON with a final newline; the element's own key order is kept. */
  public static void writeJson(Path file, JsonElement json) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    writeText(file, GSON.toJson(json) + "\n");
  }

  public static void writeText(Path file, String text) throws IOException {
    Files.write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The graph of {@code role} ({@link PackageManifest#ROLE_DECODER}, ...) that the manifest in
   * {@code packageDir} names, resolved against the folder.
   *
   * @throws IOException when the manifest is unreadable or invalid, or names no such graph
   */
  public static Path graph(Path packageDir, String role) throws IOException {
    PackageManifest manifest;
    try {
      manifest = PackageManifest.read(packageDir);
    } catch (InvalidPackageException e) {
      throw new IOException(e.getMessage(), e);
    }
    String path =
        manifest
            .graph(role)
            .orElseThrow(
                () -> new IOException(packageDir + ": the manifest names no " + role + " graph"));
    return packageDir.resolve(path);
  }

  public static String readText(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }

  /** The whole of {@code in}, as UTF-8 text. */
  public static String readText(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    for (int n; (n = in.read(chunk)) > 0; ) {
      bytes.write(chunk, 0, n);
    }
    return bytes.toString(StandardCharsets.UTF_8.name());
  }
}
