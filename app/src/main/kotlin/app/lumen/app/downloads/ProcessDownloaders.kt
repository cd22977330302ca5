package app.lumen.app.downloads

import android.content.Context
import app.lumen.download.DownloaderConfig
import app.lumen.download.ModelDownloader

/**
 * The process's downloaders, created on first use. The downloader asks its [NetworkPolicy]
 * (`app.lumen.download.NetworkPolicy`) before every attempt, and a policy belongs to a downloader,
 * so Wi-Fi-only and any-network downloads each have one: a Wi-Fi-only download then stops at once
 * on mobile data instead of when WorkManager notices.
 */
class ProcessDownloaders(private val context: Context) : DownloaderSource {
  private val wifiOnly by lazy { create(true) }
  private val anyNetwork by lazy { create(false) }

  override fun forNetwork(wifiOnly: Boolean): ModelDownloader =
    if (wifiOnly) this.wifiOnly else anyNetwork

  private fun create(wifiOnly: Boolean) =
    ModelDownloader.create(
      DownloaderConfig.builder()
        .networkPolicy(ConnectivityNetworkPolicy(context, wifiOnly))
        .freeSpaceMarginBytes(ModelDownloads.FREE_SPACE_MARGIN_BYTES)
        .build()
    )
}
