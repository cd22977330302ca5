package app.lumen.app

import app.lumen.app.data.LumenDatabase
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
    )
}
