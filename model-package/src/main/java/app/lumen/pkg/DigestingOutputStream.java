package app.lumen.pkg;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes through to {@code out} and feeds every byte written to the digests, so a file is hashed in
 * the same pass that stores it. Bytes reach the digests only after {@code out} accepted them; after
 * a failed write (disk full) the file may hold a few bytes more than were hashed, so a later
 * attempt re-hashes the file from disk rather than reusing these digests. Not thread-safe.
 */
public final class DigestingOutputStream extends FilterOutputStream {
  private final List<IncrementalDigest> digests;
  private long written;

  public DigestingOutputStream(OutputStream out, IncrementalDigest... digests) {
    super(out);
    this.digests = List.of(digests);
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    byte[] one = {(byte) b};
    for (IncrementalDigest d : digests) {
      d.update(one, 0, 1);
    }
    written++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    for (IncrementalDigest d : digests) {
      d.update(b, off, len);
    }
    written += len;
  }

  /** Bytes written through this stream (not counting any prefix hashed before). */
  public long bytesWritten() {
    return written;
  }
}
