package app.lumen.cli;

import app.lumen.inference.MemoryForecast;
import com.google.gson.JsonObject;
import java.util.Locale;

/** {@code lumen validate}'s memory forecast: one plain line, or the {@code memory} JSON object. */
final class ForecastOutput {
  private static final double MIB = 1 << 20;

  private ForecastOutput() {}

  /**
   * "memory: weights 1234.5 MiB, cache 112.0 KiB per token, context 8192 tokens for 12000 MiB
   * available, peak 3100.2 MiB text-only, 3900.4 MiB with a photo of 256 image tokens".
   */
  static String line(MemoryForecast forecast, long availableBytes) {
    String photo =
        forecast.hasVision()
            ? String.format(
                Locale.ROOT,
                ", %.1f MiB with a photo of %d image tokens (vision graph %.1f MiB, encode %.1f"
                    + " MiB)",
                forecast.photoPeakBytes() / MIB,
                forecast.imageTokens(),
                forecast.visionWeightBytes() / MIB,
                forecast.visionEncodeBytes() / MIB)
            : " (no vision graph)";
    return String.format(
        Locale.ROOT,
        "memory: weights %.1f MiB, cache %.1f KiB per token, context %d tokens for %s available,"
            + " peak %.1f MiB text-only%s",
        forecast.weightBytes() / MIB,
        forecast.cacheBytesPerToken() / 1024.0,
        forecast.contextTokens(),
        availableBytes > 0 ? Math.round(availableBytes / MIB) + " MiB" : "unknown memory",
        forecast.textPeakBytes() / MIB,
        photo);
  }

  /** The forecast's parts in bytes; {@code available_bytes} is 0 when the system does not say. */
  static JsonObject json(MemoryForecast forecast, long availableBytes) {
    JsonObject o = new JsonObject();
    o.addProperty("weight_bytes", forecast.weightBytes());
    o.addProperty("vision_weight_bytes", forecast.visionWeightBytes());
    o.addProperty("vision_encode_bytes", forecast.visionEncodeBytes());
    o.addProperty("image_tokens", forecast.imageTokens());
    o.addProperty("cache_bytes_per_token", forecast.cacheBytesPerToken());
    o.addProperty("available_bytes", availableBytes);
    o.addProperty("context_tokens", forecast.contextTokens());
    o.addProperty("cache_bytes", forecast.cacheBytes());
    o.addProperty("fixed_bytes", forecast.fixedBytes());
    o.addProperty("text_peak_bytes", forecast.textPeakBytes());
    o.addProperty("photo_peak_bytes", forecast.photoPeakBytes());
    return o;
  }
}
