package app.lumen.app

import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.downloads.DownloadActionReceiver
import java.io.File
import java.util.Properties
import javax.xml.parsers.DocumentBuilderFactory
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.w3c.dom.Element

/**
 * What the manifest the build merged (app and libraries) declares: for model downloads
 * WorkManager's foreground service of type dataSync with its permission, notifications and the
 * network; the camera and the microphone, asked for only when used; the speech services the app
 * talks to; the share target; and no other component that other apps can reach unguarded.
 */
@RunWith(AndroidJUnit4::class)
class AppManifestTest {
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

  @Test
  fun cameraAndMicrophone_areDeclared_andNoCameraIsRequiredToInstall() {
    assertTrue(permissions().containsAll(listOf(CAMERA, RECORD_AUDIO)))
    val camera = elements("uses-feature").single { it.android("name") == CAMERA_FEATURE }
    assertEquals("false", camera.android("required"))
  }

  @Test
  fun theSpeechRecognizerAndTextToSpeechEngines_areVisibleToTheApp() {
    val actions =
      elements("queries").flatMap { queries ->
        val nodes = queries.getElementsByTagName("action")
        (0 until nodes.length).map { (nodes.item(it) as Element).android("name") }
      }
    assertEquals(
      setOf("android.speech.RecognitionService", "android.intent.action.TTS_SERVICE"),
      actions.toSet(),
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
    const val CAMERA = "android.permission.CAMERA"
    const val RECORD_AUDIO = "android.permission.RECORD_AUDIO"
    const val CAMERA_FEATURE = "android.hardware.camera.any"
    const val LAUNCHER = "app.lumen.app.MainActivity"
    const val SHARE_TARGET = "app.lumen.app.ShareIntoChat"
  }
}
