package app.lumen.inference.text;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The real Qwen3-VL tokenizer and the reference vectors, loaded once per test JVM. */
public final class QwenTestResources {
  private static Tokenizer tokenizer;

  private QwenTestResources() {}

  public static synchronized Tokenizer tokenizer() {
    if (tokenizer == null) {
      try {
        tokenizer = Tokenizer.load(path("tokenizer.json"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return tokenizer;
  }

  public static Path path(String name) {
    try {
      return Paths.get(QwenTestResources.class.getResource("/qwen3-vl/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static JsonObject json(String name) {
    try (InputStream in = QwenTestResources.class.getResourceAsStream("/qwen3-vl/" + name);
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return JsonParser.parseReader(reader).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String text(String name) {
    try (InputStream in = QwenTestResources.class.getResourceAsStream("/qwen3-vl/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
