package app.lumen.app

import androidx.work.Configuration
import androidx.work.testing.SynchronousExecutor
import androidx.work.testing.WorkManagerTestInitHelper
import app.lumen.app.camera.CameraSource
import app.lumen.app.camera.FakeCameraSource
import app.lumen.app.data.LumenDatabase
import app.lumen.app.downloads.DownloaderSource
import app.lumen.app.models.HubLookup
import app.lumen.app.voice.PlatformVoice
import app.lumen.app.voice.VoiceDevices
import app.lumen.download.DownloadException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob

/**
 * The application Robolectric starts for every test (see `robolectric.properties`): the app's own
 * objects run on the main looper (see [VirtualClock]), so tests of the whole app never wait for
 * threads.
 */
class TestLumenApplication : LumenApplication() {
  override fun createContainer() =
    AppContainer(
      this,
      CoroutineScope(SupervisorJob() + Dispatchers.Main),
      Dispatchers.Main,
      openDatabase = { mainLooperDatabase(it, LumenDatabase.FILE_NAME) },
      // Tests never reach the network: the Models screen sees the Hub as unreachable.
      askPackageSize = {
        throw DownloadException(DownloadException.Reason.NETWORK, it.id(), "offline")
      },
      downloaderSource = { wifiOnly -> downloaders.forNetwork(wifiOnly) },
      describeHubPackage = HubLookup.OFFLINE,
      // Asked at first use, after the test's rules have run: a voice test's fakes are in by then.
      voiceDevices =
        object : VoiceDevices {
          private val devices
            get() = voice ?: PlatformVoice(this@TestLumenApplication)

          override fun speechInput() = devices.speechInput()

          override fun answerSpeaker() = devices.answerSpeaker()
        },
      cameraSources = { cameras },
    )

  /**
   * WorkManager as every test meets it: on the caller's thread, so that no background thread of one
   * test's WorkManager touches its database after the test has ended.
   */
  override val workManagerConfiguration: Configuration
    get() =
      Configuration.Builder()
        .setWorkerFactory(container.workerFactory)
        .setExecutor(SynchronousExecutor())
        .setTaskExecutor(SynchronousExecutor())
        .setWorkerCoroutineContext(Dispatchers.Unconfined)
        .build()

  override fun onCreate() {
    super.onCreate()
    // WorkManager's instance is static and would outlive this test's application: each test gets
    // its own, with a fresh database. Tests that drive workers install their own the same way.
    WorkManagerTestInitHelper.initializeTestWorkManager(this, workManagerConfiguration)
    // Tests start as a returning user, on the screen they test; the first-run tests undo this.
    container.preferences.firstRunDone = true
  }

  companion object {
    /** The voice parts of the app; a voice test installs fakes, others get the platform's. */
    @Volatile var voice: VoiceDevices? = null
    /** The camera every screen gets; a test that uses the camera sets its own fake. */
    @Volatile var cameras: CameraSource = FakeCameraSource(cameras = emptyList())

    /** The downloaders the app's download workers use; a test that downloads sets its own. */
    @Volatile
    var downloaders: DownloaderSource = DownloaderSource {
      throw IllegalStateException("this test downloads nothing")
    }
  }
}
