package app.lumen.app

import app.lumen.app.data.LumenDatabase
import app.lumen.app.downloads.DownloaderSource
import app.lumen.app.models.HubLookup
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
    )

  override fun onCreate() {
    super.onCreate()
    // Tests start as a returning user, on the screen they test; the first-run tests undo this.
    container.preferences.firstRunDone = true
  }

  companion object {
    /** The downloaders the app's download workers use; a test that downloads sets its own. */
    @Volatile
    var downloaders: DownloaderSource = DownloaderSource {
      throw IllegalStateException("this test downloads nothing")
    }
  }
}
