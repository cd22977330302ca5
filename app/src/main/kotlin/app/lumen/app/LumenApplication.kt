package app.lumen.app

import android.app.Application
import androidx.work.Configuration

/** The process-wide owner of app singletons ([AppContainer]). */
open class LumenApplication : Application(), Configuration.Provider {
  val container: AppContainer by lazy { createContainer() }

  /** The app's objects; a test application builds them to run on its own clock. */
  protected open fun createContainer(): AppContainer = AppContainer(this)

  override fun onCreate() {
    super.onCreate()
    // Answers a previous process left half-written become INTERRUPTED (with Continue) first thing.
    container.runner.recoverInterrupted()
  }

  /** WorkManager starts on first use with the app's workers (its start-up initializer is off). */
  override val workManagerConfiguration: Configuration
    get() = Configuration.Builder().setWorkerFactory(container.workerFactory).build()
}
