package app.lumen.cli;

import app.lumen.download.DownloadException;
import app.lumen.download.DownloadListener;
import app.lumen.download.DownloadProgress;
import app.lumen.download.DownloadState;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * What {@code download} shows: a one-line progress bar (speed, ETA) on a terminal, JSON lines with
 * {@code --json}, nothing otherwise but the final line. Also maps failures to the CLI exit codes.
 */
final class DownloadOutput implements DownloadListener {
  private static final int BAR_WIDTH = 30;

  private final PrintWriter out;
  private final PrintWriter err;
  private final PrintWriter rawErr;
  private final boolean json;
  private final boolean tty;
  private boolean barShown;
  private String lastSha256;
  private long lastSize = -1;

  /**
   * @param err the raw standard error: the progress bar redraws itself with a carriage return;
   *     everything else printed there (file names, server messages) is escaped
   */
  DownloadOutput(PrintWriter out, PrintWriter err, boolean json, boolean tty) {
    this.out = out;
    this.rawErr = err;
    this.err = TerminalText.guard(err);
    this.json = json;
    this.tty = tty;
  }

  @Override
  public synchronized void onProgress(DownloadProgress p) {
    if (json) {
      JsonObject o = new JsonObject();
      o.addProperty("event", "progress");
      o.addProperty("file", p.file());
      o.addProperty("bytes", p.bytes());
      o.addProperty("total", p.total());
      o.addProperty("speed_bps", Math.round(p.speedBytesPerSecond()));
      o.addProperty("eta_s", p.etaSeconds() < 0 ? null : p.etaSeconds());
      out.println(o);
      out.flush();
    } else if (tty) {
      rawErr.print("\r" + bar(p));
      rawErr.flush();
      barShown = true;
    }
  }

  @Override
  public synchronized void onFileVerified(String file, long size, String sha256) {
    lastSha256 = sha256;
    lastSize = size;
  }

  synchronized String lastSha256() {
    return lastSha256;
  }

  synchronized long lastSize() {
    return lastSize;
  }

  @Override
  public synchronized void onRetry(String file, int attempt, long delayMillis, String cause) {
    if (json) {
      JsonObject o = new JsonObject();
      o.addProperty("event", "retry");
      o.addProperty("file", file);
      o.addProperty("attempt", attempt);
      o.addProperty("delay_ms", delayMillis);
      o.addProperty("cause", cause);
      out.println(o);
      out.flush();
    }
  }

  @Override
  public synchronized void onStateChanged(DownloadState state) {
    if (json && !state.isFinal()) {
      JsonObject o = new JsonObject();
      o.addProperty("event", "state");
      o.addProperty("state", state.kind().name().toLowerCase(Locale.ROOT));
      out.println(o);
      out.flush();
    }
  }

  /** Prints the final event and returns the exit code. */
  synchronized int done(JsonObject details, String humanLine) {
    endBar();
    if (json) {
      JsonObject o = new JsonObject();
      o.addProperty("event", "done");
      details.entrySet().forEach(e -> o.add(e.getKey(), e.getValue()));
      out.println(o);
    } else {
      out.println(humanLine);
    }
    out.flush();
    return LumenCli.EXIT_OK;
  }

  synchronized int paused(String humanLine) {
    endBar();
    err.println(humanLine);
    err.flush();
    return LumenCli.EXIT_NETWORK;
  }

  /** Reports a failure on stderr (and as a JSON event) and returns its exit code. */
  synchronized int failed(DownloadException e) {
    endBar();
    int code = exitCode(e.reason());
    if (json) {
      JsonObject o = new JsonObject();
      o.addProperty("event", "failed");
      o.addProperty("reason", e.reason().name().toLowerCase(Locale.ROOT));
      o.addProperty("file", e.file());
      o.addProperty("error", e.getMessage());
      o.addProperty("exit_code", code);
      out.println(o);
      out.flush();
    }
    err.println("lumen download: " + e.getMessage());
    err.flush();
    return code;
  }

  static int exitCode(DownloadException.Reason reason) {
    switch (reason) {
      case INVALID_INPUT:
        return LumenCli.EXIT_INVALID_INPUT;
      case INTEGRITY:
        return LumenCli.EXIT_INTEGRITY;
      case STORAGE:
        return LumenCli.EXIT_OTHER;
      default:
        return LumenCli.EXIT_NETWORK;
    }
  }

  private void endBar() {
    if (barShown) {
      err.println();
      err.flush();
      barShown = false;
    }
  }

  static String bar(DownloadProgress p) {
    StringBuilder sb = new StringBuilder();
    if (p.total() > 0) {
      double f = Math.min(1.0, (double) p.bytes() / p.total());
      int filled = (int) Math.round(f * BAR_WIDTH);
      sb.append('[')
          .append("#".repeat(filled))
          .append(".".repeat(BAR_WIDTH - filled))
          .append("] ")
          .append(String.format(Locale.ROOT, "%5.1f%% ", f * 100));
    }
    sb.append(size(p.bytes()));
    if (p.total() > 0) {
      sb.append(" / ").append(size(p.total()));
    }
    sb.append("  ").append(size((long) p.speedBytesPerSecond())).append("/s");
    if (p.etaSeconds() >= 0) {
      long s = p.etaSeconds();
      sb.append(String.format(Locale.ROOT, "  ETA %d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60));
    }
    return sb.toString();
  }

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    if (bytes < 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
    return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
  }
}
