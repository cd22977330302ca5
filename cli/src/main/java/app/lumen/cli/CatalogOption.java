package app.lumen.cli;

import app.lumen.download.Catalog;
import app.lumen.download.DownloadException;
import app.lumen.download.ModelDownloader;
import java.nio.file.Path;

/** Reads {@code --catalog FILE|URL}, or the catalog shipped with Lumen when it is absent. */
final class CatalogOption {
  private CatalogOption() {}

  static Catalog load(String fileOrUrl, ModelDownloader downloader) throws DownloadException {
    if (fileOrUrl == null) {
      return Catalog.loadDefault();
    }
    if (fileOrUrl.startsWith("https://") || fileOrUrl.startsWith("http://")) {
      return downloader.fetchCatalog(fileOrUrl);
    }
    return Catalog.load(Path.of(fileOrUrl));
  }
}
