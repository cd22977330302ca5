package app.lumen.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Arithmetic and system probes for {@code lumen bench}. */
final class BenchFigures {
  private BenchFigures() {}

  static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** The median of every numeric field over the runs (null where a run had null). */
  static JsonObject medians(List<JsonObject> runs) {
    JsonObject summary = new JsonObject();
    for (Map.Entry<String, JsonElement> field : runs.get(0).entrySet()) {
      List<Double> values = new ArrayList<>();
      for (JsonObject run : runs) {
        JsonElement value = run.get(field.getKey());
        if (value != null && !value.isJsonNull()) {
          values.add(value.getAsDouble());
        }
      }
      if (values.size() == runs.size()) {
        summary.addProperty(field.getKey(), round(median(values)));
      } else {
        summary.add(field.getKey(), null);
      }
    }
    return summary;
  }

  /** Peak resident set size in MiB (Linux {@code VmHWM}); -1 when the system does not say. */
  static double peakRssMb() {
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
        if (line.startsWith("VmHWM:")) {
          return round(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    return -1;
  }

  /** The sum of the heap pools' peak usage in MiB. */
  static double peakHeapMb() {
    long bytes = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        bytes += pool.getPeakUsage().getUsed();
      }
    }
    return round(bytes / (1024.0 * 1024.0));
  }

  /**
   * Streaming copy bandwidth in GB/s (bytes read + written), best of several passes over 256 MiB:
   * the rate at which decode can pull weights from memory.
   */
  static double memoryBandwidthGbPerS() {
    int n = 32 * 1024 * 1024; // longs: 256 MiB per array
    long[] from = new long[n];
    long[] to = new long[n];
    for (int i = 0; i < n; i++) {
      from[i] = i;
    }
    double best = 0;
    for (int pass = 0; pass < 5; pass++) {
      long start = System.nanoTime();
      System.arraycopy(from, 0, to, 0, n);
      double seconds = (System.nanoTime() - start) / 1e9;
      best = Math.max(best, 2.0 * n * Long.BYTES / seconds / 1e9);
    }
    return best;
  }

  static String describe(int run, JsonObject f) {
    return BenchCommand.format(
        "run %d: prompt %d tok, prefill %.1f tok/s, ttft %.1f ms, decode %.1f tok/s,"
            + " overhead %.1f%%, ttft turn ratio %s, heap %s B/prefill token, %s B/decode step",
        run,
        f.get("prompt_tokens").getAsInt(),
        f.get("prefill_tok_s").getAsDouble(),
        f.get("ttft_ms").getAsDouble(),
        f.get("decode_tok_s").getAsDouble(),
        f.get("overhead_pct").getAsDouble(),
        f.get("ttft_turn_ratio").isJsonNull() ? "-" : f.get("ttft_turn_ratio").getAsString(),
        orDash(f, "heap_bytes_per_prefill_token"),
        orDash(f, "heap_bytes_per_decode_step"));
  }

  private static String orDash(JsonObject f, String name) {
    JsonElement value = f.get(name);
    return value == null || value.isJsonNull()
        ? "-"
        : Long.toString(Math.round(value.getAsDouble()));
  }

  static String describeSummary(JsonObject s) {
    return BenchCommand.format(
        "median: load %.2f s, prefill %.1f tok/s, ttft %.1f ms, decode %.1f tok/s,"
            + " overhead %.1f%%, peak RSS %.0f MiB, peak heap %.0f MiB,"
            + " heap %s B/prefill token, %s B/decode step%s",
        s.get("load_s").getAsDouble(),
        s.get("prefill_tok_s").getAsDouble(),
        s.get("ttft_ms").getAsDouble(),
        s.get("decode_tok_s").getAsDouble(),
        s.get("overhead_pct").getAsDouble(),
        s.get("peak_rss_mb").getAsDouble(),
        s.get("peak_heap_mb").getAsDouble(),
        orDash(s, "heap_bytes_per_prefill_token"),
        orDash(s, "heap_bytes_per_decode_step"),
        s.get("roofline_tok_s").isJsonNull()
            ? ""
            : BenchCommand.format(
                ", bandwidth %.1f GB/s, roofline %.1f tok/s (%.0f%% reached)",
                s.get("bandwidth_gb_s").getAsDouble(),
                s.get("roofline_tok_s").getAsDouble(),
                100 * s.get("roofline_ratio").getAsDouble()));
  }
}
