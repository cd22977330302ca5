package app.lumen.download.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Bounded whole-stream reads (InputStream.readNBytes is missing below Android API 33). */
public final class Streams {
  private Streams() {}

  /**
   * @return the stream's bytes, or null if it holds more than {@code max}
   */
  public static byte[] readAtMost(InputStream in, long max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[16 * 1024];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) != -1) {
      total += n;
      if (total > max) {
        return null;
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
