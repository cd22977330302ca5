package app.lumen.download;

import java.util.Locale;

/**
 * One file a catalog entry asks for. Size and SHA-256 may be unknown (-1 / null): for Hugging Face
 * sources they are then taken from the Hub at download time. An optional file is fetched only if
 * the repository has it.
 */
public record CatalogFile(String path, long size, String sha256, boolean optional) {
  public CatalogFile {
    if (sha256 != null) {
      sha256 = sha256.toLowerCase(Locale.ROOT);
    }
  }

  public static CatalogFile required(String path) {
    return new CatalogFile(path, -1, null, false);
  }

  public boolean sizeKnown() {
    return size >= 0;
  }
}
