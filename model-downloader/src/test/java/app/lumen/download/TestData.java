package app.lumen.download;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;

/** Test content and digests computed here with the JDK, independently of the code under test. */
final class TestData {
  private TestData() {}

  static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String sha256(byte[] content) {
    return hex(digest("SHA-256", new byte[0], content));
  }

  /** git hash-object: sha1 over "blob <len>\0" then the content. */
  static String gitBlobSha1(byte[] content) {
    byte[] header = ("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII);
    return hex(digest("SHA-1", header, content));
  }

  private static byte[] digest(String algorithm, byte[] prefix, byte[] content) {
    try {
      MessageDigest md = MessageDigest.getInstance(algorithm);
      md.update(prefix);
      md.update(content);
      return md.digest();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte x : bytes) {
      sb.append(String.format("%02x", x & 0xff));
    }
    return sb.toString();
  }
}
