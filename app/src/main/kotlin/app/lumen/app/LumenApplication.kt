package app.lumen.app

import android.app.Application

/** The process-wide owner of app singletons ([AppContainer]). */
open class LumenApplication : Application() {
  val container: AppContainer by lazy { createContainer() }

  /** The app's objects; a test application builds them to run on its own clock. */
  protected open fun createContainer(): AppContainer = AppContainer(this)

  override fun onCreate() {
    super.onCreate()
    // Answers a previous process left half-written become INTERRUPTED (with Continue) first thing.
    container.runner.recoverInterrupted()
  }
}
