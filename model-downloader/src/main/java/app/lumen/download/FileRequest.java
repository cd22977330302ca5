package app.lumen.download;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * One file to fetch to {@code target}: it appears there only once complete and verified; the
 * partial bytes live in {@code target + ".part"}.
 *
 * @param size expected size, -1 if unknown (then the server's length is checked)
 * @param sha256 expected SHA-256 as hex, null if unknown (then only the size is checked)
 */
public record FileRequest(String url, Path target, long size, String sha256) {
  public FileRequest {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(target, "target");
    if (sha256 != null) {
      sha256 = sha256.toLowerCase(Locale.ROOT);
    }
  }
}
