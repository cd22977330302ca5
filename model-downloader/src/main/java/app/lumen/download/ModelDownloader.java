package app.lumen.download;

import app.lumen.download.internal.DefaultModelDownloader;
import java.nio.file.Path;

/**
 * Installs model packages and single files with resume, retries and verification, never leaving a
 * broken package behind: a package folder gets its {@code lumen-package.json} only after every file
 * was verified. Thread-safe; tasks run on the downloader's own threads. Close it to stop every task
 * (as {@link DownloadTask#pause()}) and release its threads.
 */
public interface ModelDownloader extends AutoCloseable {

  static ModelDownloader create(DownloaderConfig config) {
    return new DefaultModelDownloader(config);
  }

  /**
   * Starts installing {@code entry} into {@code modelsRoot/<id>/}. A previous paused or interrupted
   * install of the same package resumes from its {@code .part} files. A package already installed
   * is compared with the entry (see {@link #checkForUpdate}); if it differs, only the changed and
   * new files are fetched, into {@code modelsRoot/.<id>.update/}, and swapped in once all are
   * verified, so the installed version stays usable until then. The space an install still needs is
   * reserved against the other running tasks of every downloader of this process on the same
   * storage.
   */
  DownloadTask install(CatalogEntry entry, Path modelsRoot, DownloadListener listener);

  /**
   * Compares the package installed in {@code modelsRoot/<id>/} with what installing {@code entry}
   * would give now: the same files with the same digests and the same graphs, or not. For a Hugging
   * Face source this reads the repository's file tree (one small request per page); small files
   * identified only by their git blob id are hashed, large ones are compared by the digests in the
   * installed manifest. Blocks; safe to call while the package is in use or being installed.
   *
   * @throws DownloadException if the plan cannot be made (network, or the entry names files the
   *     repository lacks)
   */
  UpdateCheck checkForUpdate(CatalogEntry entry, Path modelsRoot) throws DownloadException;

  /**
   * The bytes installing {@code entry} writes: the sizes the catalog states, and for a Hugging Face
   * source the repository's file tree (one small request per page), so a screen can show a
   * download's size before it starts. Blocks.
   *
   * @throws DownloadException if the plan cannot be made (network, or files the repository lacks)
   */
  long packageSize(CatalogEntry entry) throws DownloadException;

  /**
   * Deletes package {@code id} from {@code modelsRoot}: the installed files, a staged update and
   * the install state, with the manifest first so the folder never reads as a whole package while
   * it goes. Nothing to delete is not an error. Blocks.
   *
   * @throws DownloadException {@code BUSY} while an install or update of the package runs (pause or
   *     cancel it first), {@code INVALID_INPUT} for an id that would leave {@code modelsRoot},
   *     {@code STORAGE} when a file cannot be deleted
   */
  void uninstall(String id, Path modelsRoot) throws DownloadException;

  /** Starts fetching one file. */
  DownloadTask download(FileRequest request, DownloadListener listener);

  /**
   * Describes a package straight from a Hugging Face repository: reads its {@code config.json} for
   * the family and its file tree for the graphs of {@code variant} ({@code q4}, {@code q4f16},
   * {@code fp16}, {@code fp32}, {@code q8}, … or per role, {@code
   * "vision=fp16,embed=q4,decoder=q4"}). Blocks for two small requests.
   */
  CatalogEntry describeHubPackage(String repo, String revision, String variant)
      throws DownloadException;

  /** Fetches and parses a catalog from an HTTPS URL (or loopback). Blocks. */
  Catalog fetchCatalog(String url) throws DownloadException;

  @Override
  void close();
}
