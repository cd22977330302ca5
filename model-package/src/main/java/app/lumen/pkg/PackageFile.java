package app.lumen.pkg;

import java.util.Locale;
import java.util.Objects;

/**
 * One file of a package: its relative path (with {@code /}), its size in bytes and its digests as
 * lowercase hex. At least one digest is required (a file listed without one could be changed
 * unnoticed); the other may be null. {@code sha1} is the SHA-1 of the content, and the git blob
 * SHA-1 that Hugging Face reports as the ETag of small files is accepted in its place (see {@link
 * PackageVerifier}).
 *
 * @throws IllegalArgumentException from the constructor for a negative size, malformed hex or no
 *     digest at all
 */
public record PackageFile(String path, long size, String sha256, String sha1) {
  public PackageFile {
    Objects.requireNonNull(path, "path");
    if (size < 0) {
      throw new IllegalArgumentException(path + ": negative size " + size);
    }
    sha256 = normalizeHex(path, "sha256", sha256, 64);
    sha1 = normalizeHex(path, "sha1", sha1, 40);
    if (sha256 == null && sha1 == null) {
      throw new IllegalArgumentException(path + ": needs a sha256 (or sha1) digest");
    }
  }

  /** A file known by its size and SHA-256 only. */
  public static PackageFile withSha256(String path, long size, String sha256) {
    return new PackageFile(path, size, sha256, null);
  }

  private static String normalizeHex(String path, String field, String hex, int length) {
    if (hex == null) {
      return null;
    }
    String lower = hex.toLowerCase(Locale.ROOT);
    if (!FileDigests.isHex(lower, length)) {
      throw new IllegalArgumentException(
          path + ": " + field + " must be " + length + " hex digits, got \"" + hex + "\"");
    }
    return lower;
  }
}
