package app.lumen.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * A digest fed piece by piece, so a download is hashed while it is written and a resumed download
 * re-hashes the bytes already on disk ({@link #updateFromFile}) before continuing with the network.
 * Not thread-safe: one writer at a time. {@link #hex()} finishes the digest; later updates throw
 * {@link IllegalStateException}.
 */
public final class IncrementalDigest {
  private final String name;
  private final MessageDigest digest;
  private long bytes;
  private String result;

  private IncrementalDigest(String name, MessageDigest digest) {
    this.name = name;
    this.digest = digest;
  }

  /** SHA-256 of the content. */
  public static IncrementalDigest sha256() {
    return new IncrementalDigest("sha256", FileDigests.newDigest("SHA-256"));
  }

  /** SHA-1 of the content. */
  public static IncrementalDigest sha1() {
    return new IncrementalDigest("sha1", FileDigests.newDigest("SHA-1"));
  }

  /**
   * Git blob SHA-1 of a content of {@code size} bytes: the header {@code "blob <size>\0"} is hashed
   * first. If the content turns out to have another length the digest is simply wrong, which the
   * caller's size check reports first.
   */
  public static IncrementalDigest gitBlobSha1(long size) {
    IncrementalDigest d = new IncrementalDigest("git-blob-sha1", FileDigests.newDigest("SHA-1"));
    d.digest.update(("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
    return d;
  }

  /** A short name for messages: {@code sha256}, {@code sha1} or {@code git-blob-sha1}. */
  public String name() {
    return name;
  }

  /** Content bytes hashed so far (headers excluded). */
  public long bytesHashed() {
    return bytes;
  }

  public void update(byte[] b, int off, int len) {
    if (result != null) {
      throw new IllegalStateException(name + " digest already finished");
    }
    digest.update(b, off, len);
    bytes += len;
  }

  /** Hashes everything left in the stream (not closed). */
  public void updateFrom(InputStream in) throws IOException {
    byte[] buffer = new byte[FileDigests.BUFFER_SIZE];
    int n;
    while ((n = in.read(buffer)) != -1) {
      update(buffer, 0, n);
    }
  }

  /** Hashes the whole file, e.g. the {@code .part} prefix kept from an earlier attempt. */
  public void updateFromFile(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      updateFrom(in);
    }
  }

  /** Finishes the digest (idempotent) and returns it as lowercase hex. */
  public String hex() {
    if (result == null) {
      result = FileDigests.hex(digest.digest());
    }
    return result;
  }
}
