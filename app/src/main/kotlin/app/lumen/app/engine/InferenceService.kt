package app.lumen.app.engine

import android.app.Notification
import android.app.PendingIntent
import android.app.Service
import android.content.ComponentCallbacks2
import android.content.Context
import android.content.Intent
import android.content.pm.ServiceInfo
import android.os.Binder
import android.os.Build
import android.os.IBinder
import android.util.Log
import androidx.core.app.NotificationCompat
import androidx.core.app.NotificationManagerCompat
import androidx.core.app.ServiceCompat
import androidx.core.content.ContextCompat
import androidx.lifecycle.LifecycleService
import androidx.lifecycle.lifecycleScope
import app.lumen.R
import app.lumen.app.MainActivity
import app.lumen.app.createQuietChannel
import app.lumen.inference.InferenceEngine
import java.io.File
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.collectLatest
import kotlinx.coroutines.launch

/**
 * Owns the one engine and the loaded model ([EngineHost]) for the whole app; the UI binds to it.
 *
 * From the moment an answer is asked for until it ends, the service runs in the foreground with a
 * notification (loading the model, then the answer's progress) and a Stop action, so leaving the
 * app during the slow steps (loading, photos, writing) neither kills nor freezes the answer. It
 * goes foreground when the answer starts, right after Send, while the app is visible: Android 12+
 * forbids a service to become foreground once the app is in the background. If the system refuses
 * anyway, the refusal is logged and the answer goes on without the notification while the process
 * lives. Without the notification permission the service still runs; only the notification is
 * hidden.
 */
class InferenceService : LifecycleService() {

  /** In-process binder: the UI gets the host directly. */
  inner class LocalBinder : Binder() {
    val host: EngineHost
      get() = this@InferenceService.host
  }

  private lateinit var host: EngineHost
  private var foreground = false
  /** The system refused the foreground for the running answer; not asked again until it ends. */
  private var foregroundRefused = false

  override fun onCreate() {
    super.onCreate()
    host =
      EngineHost(
        engineFactory = { engineFactory(applicationContext) },
        locator = ModelLocator.inFolder(modelsDir(this)),
        scope = lifecycleScope,
        io = engineDispatcher,
        memoryCheck = memoryCheck(applicationContext),
        memoryMessage = { MemoryMessages.of(this, it) },
      )
    lifecycleScope.launch {
      host.answerStep.collectLatest { step ->
        when (step) {
          null -> leaveForeground()
          AnswerStep.LOADING_MODEL -> show(loadingNotification())
          AnswerStep.WRITING ->
            // Not collectLatest: a token during the pause waits for it, and the count then shown
            // is the latest one.
            host.generatedTokens.collect { tokens ->
              show(writingNotification(tokens))
              delay(NOTIFICATION_INTERVAL_MILLIS)
            }
        }
      }
    }
  }

  override fun onBind(intent: Intent): IBinder {
    super.onBind(intent)
    return LocalBinder()
  }

  override fun onStartCommand(intent: Intent?, flags: Int, startId: Int): Int {
    super.onStartCommand(intent, flags, startId)
    if (intent?.action == ACTION_STOP) host.stop()
    return START_NOT_STICKY
  }

  override fun onTrimMemory(level: Int) {
    super.onTrimMemory(level)
    if (unloadsAt(level)) host.trimMemory()
  }

  override fun onLowMemory() {
    super.onLowMemory()
    host.trimMemory()
  }

  override fun onDestroy() {
    host.close()
    super.onDestroy()
  }

  /** Shows [notification], going foreground with it first if the service is not yet. */
  private fun show(notification: Notification) {
    if (foreground) {
      post(notification)
    } else if (!foregroundRefused) {
      goForeground(notification)
    }
  }

  private fun goForeground(notification: Notification) {
    createChannel(this)
    try {
      // Started as well as bound, so stopping foreground later does not depend on the binding.
      ContextCompat.startForegroundService(this, Intent(this, InferenceService::class.java))
      foregroundStarter(
        this,
        NOTIFICATION_ID,
        notification,
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.UPSIDE_DOWN_CAKE)
          ServiceInfo.FOREGROUND_SERVICE_TYPE_SPECIAL_USE
        else 0,
      )
      foreground = true
    } catch (e: IllegalStateException) {
      // ForegroundServiceStartNotAllowedException: the app was already in the background. The
      // answer is worth more than the notification, so it goes on while the process lives (if the
      // process dies, the answer is marked interrupted and can be continued). Asked once per
      // answer.
      foregroundRefused = true
      Log.w(TAG, "The system refused the foreground; the answer runs without its notification", e)
    }
  }

  private fun leaveForeground() {
    foregroundRefused = false
    if (!foreground) return
    ServiceCompat.stopForeground(this, ServiceCompat.STOP_FOREGROUND_REMOVE)
    stopSelf()
    foreground = false
  }

  private fun post(notification: Notification) {
    val manager = NotificationManagerCompat.from(this)
    if (manager.areNotificationsEnabled()) {
      try {
        manager.notify(NOTIFICATION_ID, notification)
      } catch (e: SecurityException) {
        // POST_NOTIFICATIONS was revoked meanwhile; progress simply is not shown.
      }
    }
  }

  private fun loadingNotification() =
    notification(
      getString(R.string.notification_loading_title),
      getString(R.string.notification_loading),
    )

  private fun writingNotification(tokens: Int) =
    notification(
      getString(R.string.notification_title),
      getString(R.string.notification_progress, tokens),
    )

  private fun notification(title: String, text: String): Notification {
    val open =
      PendingIntent.getActivity(
        this,
        0,
        Intent(this, MainActivity::class.java).addFlags(Intent.FLAG_ACTIVITY_SINGLE_TOP),
        PendingIntent.FLAG_IMMUTABLE,
      )
    val stop =
      PendingIntent.getService(
        this,
        1,
        Intent(this, InferenceService::class.java).setAction(ACTION_STOP),
        PendingIntent.FLAG_IMMUTABLE,
      )
    return NotificationCompat.Builder(this, CHANNEL_ID)
      .setSmallIcon(R.drawable.ic_launcher_monochrome)
      .setContentTitle(title)
      .setContentText(text)
      .setProgress(0, 0, true)
      .setOngoing(true)
      .setOnlyAlertOnce(true)
      .setSilent(true)
      .setContentIntent(open)
      .addAction(0, getString(R.string.stop), stop)
      .setForegroundServiceBehavior(NotificationCompat.FOREGROUND_SERVICE_IMMEDIATE)
      .build()
  }

  companion object {
    /** Creates the engine; tests put a fake engine here before the service starts. */
    @Volatile
    internal var engineFactory: (Context) -> InferenceEngine = {
      InferenceEngine.create(DeviceMemory.engineOptions(it))
    }

    /** Weighs a package against memory before its load; tests put fake readings here. */
    @Volatile internal var memoryCheck: (Context) -> MemoryCheck = ::DeviceMemoryCheck

    /** Where the host loads models; tests put the main looper's dispatcher here, with the fake. */
    @Volatile internal var engineDispatcher: CoroutineDispatcher = Dispatchers.IO

    /**
     * Puts the service in the foreground; tests put a refusing one here, as the system refuses once
     * the app is in the background.
     */
    @Volatile
    internal var foregroundStarter: (Service, Int, Notification, Int) -> Unit =
      { service, id, notification, type ->
        ServiceCompat.startForeground(service, id, notification, type)
      }

    internal const val TAG = "InferenceService"

    const val ACTION_STOP = "app.lumen.action.STOP_GENERATION"
    const val CHANNEL_ID = "generation"
    const val NOTIFICATION_ID = 1
    /** Once a second keeps the notification well under the system's update rate limit. */
    private const val NOTIFICATION_INTERVAL_MILLIS = 1_000L

    /**
     * Whether [onTrimMemory] at [level] frees the model. UI_HIDDEN (Home, the screen locked) keeps
     * it: it is not memory pressure, and reloading gigabytes would delay the next question by
     * seconds. From BACKGROUND on the process is on the list to be killed, and a model of gigabytes
     * puts it first. While the app runs, only RUNNING_CRITICAL frees it: at RUNNING_LOW the system
     * still has cached processes to kill, and the user, in the app, would wait for the reload.
     */
    @Suppress("DEPRECATION")
    internal fun unloadsAt(level: Int) =
      level >= ComponentCallbacks2.TRIM_MEMORY_BACKGROUND ||
        level == ComponentCallbacks2.TRIM_MEMORY_RUNNING_CRITICAL

    fun modelsDir(context: Context) = File(context.filesDir, "models")

    fun createChannel(context: Context) =
      createQuietChannel(
        context,
        CHANNEL_ID,
        R.string.notification_channel,
        R.string.notification_channel_description,
      )
  }
}
