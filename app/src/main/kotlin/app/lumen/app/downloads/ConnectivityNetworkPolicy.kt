package app.lumen.app.downloads

import android.content.Context
import android.net.ConnectivityManager
import android.net.NetworkCapabilities
import app.lumen.download.NetworkPolicy

/**
 * The downloader's network check, answered by the connectivity service: any connected network, or
 * for Wi-Fi only an unmetered one (what WorkManager's `NetworkType.UNMETERED` means).
 */
class ConnectivityNetworkPolicy(context: Context, private val wifiOnly: Boolean) : NetworkPolicy {
  private val connectivity = context.getSystemService(ConnectivityManager::class.java)

  override fun requirement(): NetworkPolicy.Requirement =
    if (wifiOnly) NetworkPolicy.Requirement.UNMETERED else NetworkPolicy.Requirement.ANY

  override fun isSatisfied(): Boolean {
    val capabilities =
      connectivity?.getNetworkCapabilities(connectivity.activeNetwork) ?: return false
    return capabilities.hasCapability(NetworkCapabilities.NET_CAPABILITY_INTERNET) &&
      (!wifiOnly || capabilities.hasCapability(NetworkCapabilities.NET_CAPABILITY_NOT_METERED))
  }
}
