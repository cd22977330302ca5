package app.lumen.app.downloads

import androidx.test.ext.junit.runners.AndroidJUnit4
import java.io.File
import java.util.Properties
import javax.xml.parsers.DocumentBuilderFactory
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.w3c.dom.Element

/**
 * What the manifest the build merged (app and libraries) grants model downloads: WorkManager's
 * foreground service of type dataSync with its permission, notifications, the network, WorkManager
 * started by the app's configuration, and no component other apps can reach unguarded.
 */
@RunWith(AndroidJUnit4::class)
class DownloadManifestTest {
  private val manifest = mergedManifest()

  @Test
  fun workManagersForegroundService_isOfTypeDataSync_withItsPermission() {
    val service = components("service").single { it.android("name") == SYSTEM_FOREGROUND_SERVICE }
    assertEquals("dataSync", service.android("foregroundServiceType"))
    assertTrue(permissions().containsAll(listOf(FGS, FGS_DATA_SYNC, NOTIFICATIONS, INTERNET)))
  }

  @Test
  fun workManagersStartupInitializer_isRemoved() {
    val names =
      elements("meta-data").filter { it.android("name") == "androidx.work.WorkManagerInitializer" }
    assertEquals(emptyList<Element>(), names)
  }

  @Test
  fun downloadActionReceiver_isNotExported() {
    val receiver =
      components("receiver").single {
        it.android("name") == DownloadActionReceiver::class.java.name
      }
    assertEquals("false", receiver.android("exported"))
  }

  @Test
  fun onlyTheLauncherAndTheShareTarget_areExportedWithoutAPermission() {
    val unguarded =
      listOf("activity", "activity-alias", "service", "receiver", "provider")
        .flatMap(::components)
        .filter { it.android("exported") == "true" && it.android("permission").isEmpty() }
        .map { it.android("name") }
    assertEquals(listOf(LAUNCHER, SHARE_TARGET), unguarded)
  }

  @Test
  fun theShareTarget_takesPicturesAndText_intoTheMainActivity() {
    val alias = components("activity-alias").single { it.android("name") == SHARE_TARGET }
    assertEquals(LAUNCHER, alias.android("targetActivity"))
    val filters = alias.getElementsByTagName("intent-filter")
    val accepted =
      (0 until filters.length).flatMap { i ->
        val filter = filters.item(i) as Element
        val action = (filter.getElementsByTagName("action").item(0) as Element).android("name")
        val types = filter.getElementsByTagName("data")
        (0 until types.length).map { "$action ${(types.item(it) as Element).android("mimeType")}" }
      }
    assertEquals(
      listOf(
        "android.intent.action.SEND image/*",
        "android.intent.action.SEND text/plain",
        "android.intent.action.SEND_MULTIPLE image/*",
      ),
      accepted,
    )
  }

  private fun permissions() = elements("uses-permission").map { it.android("name") }.toSet()

  private fun components(tag: String) = elements(tag)

  private fun elements(tag: String): List<Element> {
    val nodes = manifest.getElementsByTagName(tag)
    return (0 until nodes.length).map { nodes.item(it) as Element }
  }

  private fun Element.android(name: String) = getAttributeNS(ANDROID, name)

  /**
   * The manifest the build merged for the APK. Robolectric runs with the test one (`test/` beside
   * it), which adds the test libraries' activities.
   */
  private fun mergedManifest(): org.w3c.dom.Document {
    val config = Properties()
    javaClass.getResourceAsStream("/com/android/tools/test_config.properties")!!.use(config::load)
    val testManifest = File(config.getProperty("android_merged_manifest"))
    val apkManifest = File(testManifest.parentFile.parentFile, "AndroidManifest.xml")
    assertTrue("$apkManifest", apkManifest.isFile)
    val factory = DocumentBuilderFactory.newInstance()
    factory.isNamespaceAware = true
    return factory.newDocumentBuilder().parse(apkManifest)
  }

  private companion object {
    const val ANDROID = "http://schemas.android.com/apk/res/android"
    const val SYSTEM_FOREGROUND_SERVICE = "androidx.work.impl.foreground.SystemForegroundService"
    const val FGS = "android.permission.FOREGROUND_SERVICE"
    const val FGS_DATA_SYNC = "android.permission.FOREGROUND_SERVICE_DATA_SYNC"
    const val NOTIFICATIONS = "android.permission.POST_NOTIFICATIONS"
    const val INTERNET = "android.permission.INTERNET"
    const val LAUNCHER = "app.lumen.app.MainActivity"
    const val SHARE_TARGET = "app.lumen.app.ShareIntoChat"
  }
}
