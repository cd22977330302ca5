package app.lumen.app

import android.content.Context
import app.lumen.app.models.ModelChoice
import app.lumen.app.photos.PhotoBudget
import app.lumen.app.photos.PhotoBudgetChoice

/** Small facts the app remembers across launches, in the app's own SharedPreferences. */
class AppPreferences(context: Context) : ModelChoice, PhotoBudgetChoice {
  private val prefs = context.getSharedPreferences(FILE_NAME, Context.MODE_PRIVATE)

  /**
   * The notification permission was asked once: not again, whatever the answer. It is optional, and
   * the user can still turn notifications on in the system settings.
   */
  var notificationPermissionAsked: Boolean
    get() = prefs.getBoolean(NOTIFICATION_PERMISSION_ASKED, false)
    set(value) = prefs.edit().putBoolean(NOTIFICATION_PERMISSION_ASKED, value).apply()

  /**
   * The package chats use (its folder name under the models root); null until the user picks one,
   * and then the most recently installed is used.
   */
  override var activeModelId: String?
    get() = prefs.getString(ACTIVE_MODEL_ID, null)
    set(value) = prefs.edit().putString(ACTIVE_MODEL_ID, value).apply()

  /**
   * The first-run recommendation was seen through: a model was installed from it, or the user
   * skipped it. It is not opened by itself again; Models still offers it.
   */
  var firstRunDone: Boolean
    get() = prefs.getBoolean(FIRST_RUN_DONE, false)
    set(value) = prefs.edit().putBoolean(FIRST_RUN_DONE, value).apply()

  /** Each answer that finishes in the chat on screen is read aloud; off until the user says. */
  var readAnswersAloud: Boolean
    get() = prefs.getBoolean(READ_ANSWERS_ALOUD, false)
    set(value) = prefs.edit().putBoolean(READ_ANSWERS_ALOUD, value).apply()

  /** The detail new photos are sent at, kept as its token count; Balanced until changed. */
  override var photoBudget: PhotoBudget
    get() = PhotoBudget.ofTokens(prefs.getInt(PHOTO_BUDGET, 0)) ?: PhotoBudget.DEFAULT
    set(value) = prefs.edit().putInt(PHOTO_BUDGET, value.tokens).apply()

  companion object {
    const val FILE_NAME = "app"
    private const val PHOTO_BUDGET = "photo_budget"
    private const val NOTIFICATION_PERMISSION_ASKED = "notification_permission_asked"
    private const val ACTIVE_MODEL_ID = "active_model_id"
    private const val FIRST_RUN_DONE = "first_run_done"
    private const val READ_ANSWERS_ALOUD = "read_answers_aloud"
  }
}
