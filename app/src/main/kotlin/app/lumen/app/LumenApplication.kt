package app.lumen.app

import android.app.Application

/** The process-wide owner of app singletons ([AppContainer]). */
class LumenApplication : Application() {
  val container: AppContainer by lazy { AppContainer(this) }

  override fun onCreate() {
    super.onCreate()
    // Answers a previous process left half-written become INTERRUPTED (with Continue) first thing.
    container.runner.recoverInterrupted()
  }
}
