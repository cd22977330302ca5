package app.lumen.app.downloads

import android.app.Notification
import android.app.NotificationManager
import android.content.ComponentName
import android.content.Context
import android.content.pm.ServiceInfo
import android.text.format.DateUtils
import android.text.format.Formatter
import androidx.test.core.app.ApplicationProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import androidx.work.Data
import androidx.work.ListenableWorker.Result
import androidx.work.WorkInfo
import app.lumen.R
import app.lumen.app.MainActivity
import app.lumen.download.DownloadException.Reason
import app.lumen.download.DownloadState
import java.util.UUID
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.async
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import org.junit.runner.RunWith
import org.robolectric.Shadows.shadowOf

/** The worker only delegates: events become notifications and progress, endings become results. */
@OptIn(ExperimentalCoroutinesApi::class)
@RunWith(AndroidJUnit4::class)
class DownloadWorkerTest {
  @get:Rule val folder = TemporaryFolder()
  private val context = ApplicationProvider.getApplicationContext<Context>()
  private val fake = FakeModelDownloader()
  private val wifiOnlyAsked = mutableListOf<Boolean>()
  private val harness by lazy {
    WorkerHarness(
      context,
      { wifiOnly -> fake.also { wifiOnlyAsked += wifiOnly } },
      folder.newFolder("models"),
    )
  }
  private val entry = FakeModelDownloader.entry()

  @Test
  fun progress_becomesTheNotificationAndTheWorkProgress() = runTest {
    val run = async { harness.worker(entry).doWork() }
    runCurrent()
    fake.task.state(DownloadState.DOWNLOADING)
    fake.task.progress(bytes = 250_000, total = 1_000_000, speed = 50_000.0, eta = 15)
    runCurrent()

    val info = harness.notifications.last()
    assertEquals(ServiceInfo.FOREGROUND_SERVICE_TYPE_DATA_SYNC, info.foregroundServiceType)
    val n = info.notification
    assertEquals(250, n.extras.getInt(Notification.EXTRA_PROGRESS))
    assertEquals(1000, n.extras.getInt(Notification.EXTRA_PROGRESS_MAX))
    val size = { bytes: Long -> Formatter.formatShortFileSize(context, bytes) }
    assertEquals(
      context.getString(
        R.string.download_progress,
        size(250_000),
        size(1_000_000),
        size(50_000),
        DateUtils.formatElapsedTime(15),
      ),
      n.extras.getCharSequence(Notification.EXTRA_TEXT).toString(),
    )
    assertEquals(
      listOf(
        context.getString(R.string.download_pause),
        context.getString(R.string.download_cancel),
      ),
      n.actions.map { it.title.toString() },
    )
    assertEquals(
      PackageDownloadState.Downloading(250_000, 1_000_000, 50_000, 15),
      running(harness.progress.last()),
    )

    fake.task.finish(DownloadState.INSTALLED)
    assertEquals(Result.success(), run.await())
    assertEquals(listOf(true), wifiOnlyAsked)
    assertEquals(harness.modelsRoot.toPath(), fake.task.modelsRoot)
  }

  @Test
  fun stopped_pausesTheTaskAndKeepsItsParts() = runTest {
    val run = async { harness.worker(entry).doWork() }
    runCurrent()
    fake.task.state(DownloadState.DOWNLOADING)
    assertTrue(harness.active[entry.id()] === fake.task)

    run.cancel() // what WorkManager does to a CoroutineWorker it stops
    runCurrent()

    assertTrue(fake.task.paused)
    assertFalse(fake.task.cancelled)
    assertTrue(run.isCancelled)
    assertNull(harness.active[entry.id()])
  }

  @Test
  fun stoppedAfterACancel_cancelsTheTaskSoTheDownloaderDeletesItsFiles() = runTest {
    val run = async { harness.worker(entry).doWork() }
    runCurrent()
    fake.task.state(DownloadState.DOWNLOADING)

    assertTrue(harness.active.markCancelled(entry.id()))
    run.cancel()
    runCurrent()

    assertTrue(fake.task.cancelled)
    assertFalse(fake.task.paused)
    assertFalse(harness.active.isCancelled(entry.id()))
  }

  @Test
  fun networkLost_waitsThenRetriesWithBackoff_boundedTimes() = runTest {
    val run = async { harness.worker(entry).doWork() }
    runCurrent()
    fake.task.state(DownloadState.WAITING_FOR_NETWORK)
    runCurrent()
    assertEquals(
      PackageDownloadState.WaitingForNetwork(wifiOnly = true),
      running(harness.progress.last()),
    )
    assertEquals(
      context.getString(R.string.download_waiting_for_wifi),
      harness.lastNotification().extras.getCharSequence(Notification.EXTRA_TEXT).toString(),
    )
    fake.task.fail(Reason.NETWORK)
    assertEquals(Result.retry(), run.await())

    assertEquals(
      PackageDownloadState.Failed(Reason.NETWORK, "model.onnx: NETWORK failure", retryable = true),
      failure(Reason.NETWORK, runAttempt = DownloadWorker.MAX_RETRIES),
    )
  }

  @Test
  fun integrityFailure_failsAtOnce_neverRetried() = runTest {
    assertEquals(
      PackageDownloadState.Failed(
        Reason.INTEGRITY,
        "model.onnx: INTEGRITY failure",
        retryable = false,
      ),
      failure(Reason.INTEGRITY, runAttempt = 0),
    )
  }

  @Test
  fun processDeath_aNewWorkerRebuildsTheRequestFromTheStoredWorkData() = runTest {
    val stored = DownloadRequest(entry, wifiOnly = false).toData()
    // What WorkManager keeps in its database and hands to the worker of the next process.
    val reread = Data.fromByteArray(stored.toByteArray())

    val run = async { harness.worker(reread).doWork() }
    runCurrent()
    fake.task.finish(DownloadState.INSTALLED)

    assertEquals(Result.success(), run.await())
    assertEquals(entry, fake.task.entry)
    assertEquals(listOf(false), wifiOnlyAsked)
  }

  @Test
  fun installed_leavesAReadyNotification_thatOpensTheApp() = runTest {
    val run = async { harness.worker(entry).doWork() }
    runCurrent()
    assertTrue(endNotifications().isEmpty())
    fake.task.finish(DownloadState.INSTALLED)
    run.await()

    val ready = endNotifications().single()
    assertEquals(
      context.getString(R.string.download_ready, entry.displayName()),
      ready.extras.getCharSequence(Notification.EXTRA_TITLE).toString(),
    )
    assertTrue(ready.flags and Notification.FLAG_AUTO_CANCEL != 0)
    assertEquals(
      ComponentName(context, MainActivity::class.java),
      shadowOf(ready.contentIntent).savedIntent.component,
    )
  }

  @Test
  fun aFailureForGood_isNotified_butOneWorkManagerRetriesIsNot() = runTest {
    val retried = async { harness.worker(entry).doWork() }
    runCurrent()
    fake.task.fail(Reason.NETWORK)
    assertEquals(Result.retry(), retried.await())
    assertTrue(endNotifications().isEmpty())

    failure(Reason.INTEGRITY, runAttempt = 0)

    val failed = endNotifications().single()
    assertEquals(
      context.getString(R.string.download_failed, entry.displayName()),
      failed.extras.getCharSequence(Notification.EXTRA_TITLE).toString(),
    )
    assertEquals(
      "model.onnx: INTEGRITY failure",
      failed.extras.getCharSequence(Notification.EXTRA_TEXT).toString(),
    )
  }

  @Test
  fun withNotificationsTurnedOff_theEndIsNotPosted() = runTest {
    shadowOf(notificationManager()).setNotificationsEnabled(false)
    val run = async { harness.worker(entry).doWork() }
    runCurrent()
    fake.task.finish(DownloadState.INSTALLED)
    assertEquals(Result.success(), run.await())
    assertTrue(endNotifications().isEmpty())
  }

  /** What the worker posted itself: the foreground notifications go through WorkManager. */
  private fun endNotifications(): List<Notification> =
    shadowOf(notificationManager()).allNotifications

  private fun notificationManager() = context.getSystemService(NotificationManager::class.java)

  @Test
  fun workDataWithoutAnEntry_failsAsInvalidInput() = runTest {
    val result = harness.worker(Data.EMPTY).doWork()
    assertTrue(result is Result.Failure)
    assertEquals(Reason.INVALID_INPUT, (failed(result.outputData)).reason)
    assertTrue(fake.tasks.isEmpty())
  }

  /** What a run numbered [runAttempt] whose task fails with [reason] ends with: a failure. */
  private suspend fun TestScope.failure(
    reason: Reason,
    runAttempt: Int,
  ): PackageDownloadState.Failed {
    val run = async { harness.worker(entry, runAttempt = runAttempt).doWork() }
    runCurrent()
    fake.task.fail(reason)
    val result = run.await()
    assertTrue("$result", result is Result.Failure)
    return failed(result.outputData)
  }

  private fun running(progress: Data) =
    DownloadWorkData.state(
      WorkInfo(UUID.randomUUID(), WorkInfo.State.RUNNING, emptySet(), progress = progress)
    )

  private fun failed(output: Data) =
    DownloadWorkData.state(
      WorkInfo(UUID.randomUUID(), WorkInfo.State.FAILED, emptySet(), outputData = output)
    ) as PackageDownloadState.Failed
}
