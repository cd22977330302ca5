package app.lumen.app

import android.app.Application
import androidx.work.Configuration

/** The process-wide owner of app singletons ([AppContainer]). */
open class LumenApplication : Application(), Configuration.Provider {
  /** The app's objects, built when the process starts; a new process has new ones. */
  lateinit var container: AppContainer
    private set

  /** The app's objects; a test application builds them to run on its own clock. */
  protected open fun createContainer(): AppContainer = AppContainer(this)

  override fun onCreate() {
    super.onCreate()
    container = createContainer()
    // Answers a previous process left half-written become INTERRUPTED (with Continue) first thing.
    container.runner.recoverInterrupted()
    container.sweepAttachments()
  }

  /** WorkManager starts on first use with the app's workers (its start-up initializer is off). */
  override val workManagerConfiguration: Configuration
    get() = Configuration.Builder().setWorkerFactory(container.workerFactory).build()
}
