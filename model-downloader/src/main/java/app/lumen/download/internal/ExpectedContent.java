package app.lumen.download.internal;

import app.lumen.pkg.FileDigests;
import java.util.Locale;
import okhttp3.Headers;

/** What the file must be: from the plan, else from the Hub's headers on the origin response. */
final class ExpectedContent {
  final long size;
  final String sha256;
  final String gitSha1;

  ExpectedContent(long size, String sha256, String gitSha1) {
    this.size = size;
    this.sha256 = sha256;
    this.gitSha1 = gitSha1;
  }

  static ExpectedContent from(PlannedFile file, Headers origin) {
    long size = file.size();
    String sha256 = file.sha256();
    String gitSha1 = file.gitSha1();
    if (file.trustHubHeaders() && sha256 == null && gitSha1 == null) {
      String linked = etag(origin.get("X-Linked-Etag"));
      String etag = etag(origin.get("ETag"));
      if (FileDigests.isHex(linked, 64)) {
        sha256 = linked;
      } else if (FileDigests.isHex(etag, 64)) {
        sha256 = etag;
      } else if (FileDigests.isHex(etag, 40)) {
        gitSha1 = etag;
      }
      if (size < 0) {
        String linkedSize = origin.get("X-Linked-Size");
        if (linkedSize != null && linkedSize.matches("\\d{1,18}")) {
          size = Long.parseLong(linkedSize);
        }
      }
    }
    return new ExpectedContent(size, sha256, gitSha1);
  }

  private static String etag(String header) {
    if (header == null) {
      return null;
    }
    String v = header.trim();
    if (v.startsWith("W/")) {
      v = v.substring(2);
    }
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      v = v.substring(1, v.length() - 1);
    }
    return v.toLowerCase(Locale.ROOT);
  }
}
