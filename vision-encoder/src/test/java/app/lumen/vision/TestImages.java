package app.lumen.vision;

import app.lumen.vision.jvm.ImageIoDecoder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Test resources under {@code vision/}: pictures, Pillow and transformers.js vectors. */
public final class TestImages {
  private TestImages() {}

  public static byte[] bytes(String name) throws IOException {
    try (InputStream in = TestImages.class.getResourceAsStream("/vision/" + name)) {
      if (in == null) {
        throw new IOException("missing test resource vision/" + name);
      }
      return in.readAllBytes();
    }
  }

  public static RgbImage png(String name) throws IOException {
    return ImageIoDecoder.decode(bytes(name), name, null);
  }

  public static JsonObject json(String name) throws IOException {
    try (InputStream in = TestImages.class.getResourceAsStream("/vision/" + name)) {
      return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .getAsJsonObject();
    }
  }

  public static float[] float32(String name) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes(name)).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[buffer.remaining() / 4];
    buffer.asFloatBuffer().get(values);
    return values;
  }

  /** A picture whose every pixel encodes its position: R = x, G = y, B = x + y (mod 256). */
  public static RgbImage coordinates(int width, int height) {
    byte[] rgb = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int o = (y * width + x) * 3;
        rgb[o] = (byte) x;
        rgb[o + 1] = (byte) y;
        rgb[o + 2] = (byte) (x + y);
      }
    }
    return new RgbImage(width, height, rgb);
  }
}
