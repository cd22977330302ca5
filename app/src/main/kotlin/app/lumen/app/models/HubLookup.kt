package app.lumen.app.models

import app.lumen.download.CatalogEntry
import app.lumen.download.DownloadException

/**
 * Describes a Hugging Face repository as a package, with the same checks as a catalog entry
 * (`ModelDownloader.describeHubPackage`: the family from its `config.json`, the graphs of the
 * variant from its file tree). Blocks for a few small requests: call it on the io dispatcher.
 */
fun interface HubLookup {
  /**
   * @throws DownloadException `NETWORK` when the Hub cannot be reached, `HTTP` for a repository or
   *   revision it does not have (or keeps private), `INVALID_INPUT` for one this version cannot
   *   read
   */
  @Throws(DownloadException::class)
  fun describe(repo: String, revision: String, variant: String): CatalogEntry

  companion object {
    /** For screens built without a network: every lookup fails as unreachable. */
    val OFFLINE = HubLookup { repo, _, _ ->
      throw DownloadException(DownloadException.Reason.NETWORK, repo, "no network in this build")
    }
  }
}
