package app.lumen.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Streaming digests of files and streams, and hex helpers. Every method reads in fixed-size chunks,
 * so multi-gigabyte model files never sit in memory. Thread-safe (no shared state).
 */
public final class FileDigests {
  /** 64 KiB: large enough to keep the digest busy, small enough for a phone's heap. */
  static final int BUFFER_SIZE = 64 * 1024;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private FileDigests() {}

  /** SHA-256 of the file's content as lowercase hex. */
  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return sha256(in);
    }
  }

  /** SHA-1 of the file's content as lowercase hex. */
  public static String sha1(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return sha1(in);
    }
  }

  /**
   * The git blob SHA-1 of the file: {@code sha1("blob " + size + "\0" + content)}, which Hugging
   * Face reports as the ETag of files not stored in LFS.
   */
  public static String gitBlobSha1(Path file) throws IOException {
    IncrementalDigest digest = IncrementalDigest.gitBlobSha1(Files.size(file));
    digest.updateFromFile(file);
    return digest.hex();
  }

  /** SHA-256 of everything left in the stream (the stream is not closed). */
  public static String sha256(InputStream in) throws IOException {
    IncrementalDigest digest = IncrementalDigest.sha256();
    digest.updateFrom(in);
    return digest.hex();
  }

  /** SHA-1 of everything left in the stream (the stream is not closed). */
  public static String sha1(InputStream in) throws IOException {
    IncrementalDigest digest = IncrementalDigest.sha1();
    digest.updateFrom(in);
    return digest.hex();
  }

  /** Lowercase hex of the bytes. */
  public static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[bytes[i] & 0xf];
    }
    return new String(out);
  }

  /** The bytes of an even-length hex string (either case). */
  public static byte[] fromHex(String hex) {
    if (hex.length() % 2 != 0) {
      throw new IllegalArgumentException("odd-length hex string");
    }
    byte[] out = new byte[hex.length() / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = Character.digit(hex.charAt(2 * i), 16);
      int lo = Character.digit(hex.charAt(2 * i + 1), 16);
      if (hi < 0 || lo < 0) {
        throw new IllegalArgumentException("not a hex string: " + hex);
      }
      out[i] = (byte) ((hi << 4) | lo);
    }
    return out;
  }

  /** Whether {@code s} is exactly {@code length} lowercase hex digits. */
  public static boolean isHex(String s, int length) {
    if (s == null || s.length() != length) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  static MessageDigest newDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      // SHA-256 and SHA-1 are mandatory on every Java and Android platform.
      throw new IllegalStateException(algorithm + " unavailable", e);
    }
  }
}
