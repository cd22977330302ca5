package app.lumen.app.onboarding

import app.lumen.app.AppPreferences
import app.lumen.app.models.InstalledPackages

/** Whether the app still owes the user its first-run recommendation. Blocking methods. */
interface FirstRun {
  /** True until the first run ends, and only while no model is installed. */
  fun pending(): Boolean

  /** Ends the first run; [chosen] (a package id) becomes the model chats use. */
  fun end(chosen: String?)
}

/**
 * The first run as the app remembers it. A user who installs a model some other way (an import, the
 * Models screen) has no first run left: a phone with a model never opens on the recommendation.
 */
class AppFirstRun(
  private val preferences: AppPreferences,
  private val installed: InstalledPackages,
) : FirstRun {
  // Asks for the package chats would use rather than listing them all: listing measures every
  // package's files, work a launch does not need.
  override fun pending(): Boolean = !preferences.firstRunDone && installed.activeId() == null

  override fun end(chosen: String?) {
    chosen?.let(installed::choose)
    preferences.firstRunDone = true
  }
}
