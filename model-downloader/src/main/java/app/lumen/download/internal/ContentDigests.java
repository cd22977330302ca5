package app.lumen.download.internal;

import app.lumen.pkg.DigestingOutputStream;
import app.lumen.pkg.IncrementalDigest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The digests computed while writing: always SHA-256, plus the git blob SHA-1 when expected. */
final class ContentDigests {
  final IncrementalDigest sha256 = IncrementalDigest.sha256();
  final IncrementalDigest gitBlob;

  private ContentDigests(IncrementalDigest gitBlob) {
    this.gitBlob = gitBlob;
  }

  static ContentDigests of(ExpectedContent e, long size) {
    return new ContentDigests(
        e.gitSha1 != null && size >= 0 ? IncrementalDigest.gitBlobSha1(size) : null);
  }

  static ContentDigests of(PlannedFile f, long size) {
    return new ContentDigests(f.gitSha1() != null ? IncrementalDigest.gitBlobSha1(size) : null);
  }

  DigestingOutputStream wrap(OutputStream out) {
    return gitBlob == null
        ? new DigestingOutputStream(out, sha256)
        : new DigestingOutputStream(out, sha256, gitBlob);
  }

  void hashFile(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) != -1) {
        sha256.update(buffer, 0, n);
        if (gitBlob != null) {
          gitBlob.update(buffer, 0, n);
        }
      }
    }
  }

  /** A one-line mismatch description, or null when everything expected matches. */
  String mismatch(String expectedSha256, String expectedGitSha1) {
    if (expectedSha256 != null && !sha256.hex().equals(expectedSha256)) {
      return "sha256 " + sha256.hex() + ", expected " + expectedSha256;
    }
    if (expectedGitSha1 != null && gitBlob != null && !gitBlob.hex().equals(expectedGitSha1)) {
      return "git blob sha1 " + gitBlob.hex() + ", expected " + expectedGitSha1;
    }
    return null;
  }
}
