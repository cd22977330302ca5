package app.lumen.app.downloads

import android.content.Context
import android.text.format.Formatter
import androidx.test.core.app.ApplicationProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import androidx.work.Configuration
import androidx.work.NetworkType
import androidx.work.WorkInfo
import androidx.work.WorkManager
import androidx.work.testing.SynchronousExecutor
import androidx.work.testing.WorkManagerTestInitHelper
import app.lumen.R
import app.lumen.download.CatalogEntry
import app.lumen.download.CatalogFile
import app.lumen.download.CatalogSource
import app.lumen.pkg.PackageManifest
import java.io.File
import java.io.RandomAccessFile
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.test.UnconfinedTestDispatcher
import kotlinx.coroutines.test.runTest
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Before
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import org.junit.runner.RunWith

/**
 * The Models screen's API on WorkManager's test driver: the storage check, constraints, states,
 * pause, resume and cancel, with a fake downloader in the workers.
 */
@OptIn(ExperimentalCoroutinesApi::class)
@RunWith(AndroidJUnit4::class)
class ModelDownloadsTest {
  @get:Rule val folder = TemporaryFolder()
  private val context = ApplicationProvider.getApplicationContext<Context>()
  private val fake = FakeModelDownloader()
  private val active = ActiveDownloads()
  private lateinit var modelsRoot: File
  private var free = Long.MAX_VALUE
  private val entry = FakeModelDownloader.entry(size = 1_000_000)
  private val workManager
    get() = WorkManager.getInstance(context)

  @Before
  fun setUp() {
    modelsRoot = folder.newFolder("models")
    val config =
      Configuration.Builder()
        .setExecutor(SynchronousExecutor())
        .setTaskExecutor(SynchronousExecutor())
        .setWorkerCoroutineContext(Dispatchers.Unconfined)
        .setWorkerFactory(DownloadWorkerFactory({ fake }, modelsRoot, active))
        .build()
    WorkManagerTestInitHelper.initializeTestWorkManager(context, config)
  }

  /**
   * A new [ModelDownloads] over the same WorkManager and preferences: what a new process builds.
   */
  /** What the phone's network allows now, by Wi-Fi-only requirement. */
  private var onWifi = true
  private var onMobileData = true

  /** Sizes the Hub gave for packages whose files the catalog does not list. */
  private val learnt = mutableMapOf<String, Long>()

  private fun downloads(io: kotlinx.coroutines.CoroutineDispatcher) =
    ModelDownloads(
      { workManager },
      modelsRoot,
      DownloadRequests(context),
      active,
      io,
      freeBytes = { free },
      networkAllows = { wifiOnly -> if (wifiOnly) onWifi else onMobileData },
      learntSize = { learnt[it.id()] },
    )

  @Test
  fun enqueue_withTooLittleSpace_isRefusedWithTheNumbers_andSchedulesNothing() = runTest {
    val downloads = downloads(UnconfinedTestDispatcher(testScheduler))
    val needed = 1_000_000 + ModelDownloads.FREE_SPACE_MARGIN_BYTES
    free = needed - 1

    val result = downloads.enqueue(entry, wifiOnly = true)

    assertEquals(EnqueueResult.NotEnoughSpace(needed, needed - 1), result)
    val message = (result as EnqueueResult.NotEnoughSpace).message(context)
    assertEquals(
      context.getString(
        R.string.download_not_enough_space,
        Formatter.formatShortFileSize(context, needed),
        Formatter.formatShortFileSize(context, needed - 1),
      ),
      message,
    )
    assertTrue(workManager.getWorkInfosByTag(DownloadWorkData.TAG).get().isEmpty())
  }

  @Test
  fun enqueue_countsTheBytesAPartAlreadyHolds() = runTest {
    val downloads = downloads(UnconfinedTestDispatcher(testScheduler))
    File(modelsRoot, entry.id()).mkdirs()
    RandomAccessFile(File(modelsRoot, "${entry.id()}/model.onnx.part"), "rw").use {
      it.setLength(400_000)
    }
    free = 600_000 + ModelDownloads.FREE_SPACE_MARGIN_BYTES

    assertEquals(EnqueueResult.Enqueued, downloads.enqueue(entry, wifiOnly = true))
  }

  @Test
  fun enqueue_ofAHubPackage_checksTheSizeTheHubGave_lessWhatItsFolderAlreadyHolds() = runTest {
    val downloads = downloads(UnconfinedTestDispatcher(testScheduler))
    val hub =
      CatalogEntry(
        "hub-q4",
        "Hub model",
        "qwen3_vl",
        null,
        CatalogSource.huggingFace("owner/model", "main"),
        mapOf("decoder" to "onnx/decoder.onnx"),
        listOf(CatalogFile.required("config.json")),
        0,
        null,
      )
    free = 999_999 + ModelDownloads.FREE_SPACE_MARGIN_BYTES
    assertEquals(EnqueueResult.Enqueued, downloads.enqueue(hub, wifiOnly = true)) // never asked
    downloads.cancel(hub.id())

    learnt[hub.id()] = 1_000_000
    assertEquals(
      EnqueueResult.NotEnoughSpace(1_000_000 + ModelDownloads.FREE_SPACE_MARGIN_BYTES, free),
      downloads.enqueue(hub, wifiOnly = true),
    )
    // The graph's external data, half fetched: a part the catalog entry does not name.
    File(modelsRoot, "hub-q4/onnx").mkdirs()
    RandomAccessFile(File(modelsRoot, "hub-q4/onnx/decoder.onnx_data.part"), "rw").use {
      it.setLength(400_000)
    }
    assertEquals(EnqueueResult.Enqueued, downloads.enqueue(hub, wifiOnly = true))
  }

  @Test
  fun enqueue_wifiOnlyNeedsAnUnmeteredNetwork_otherwiseAnyConnectedOne() = runTest {
    val downloads = downloads(UnconfinedTestDispatcher(testScheduler))
    val other = FakeModelDownloader.entry(id = "other-q4")

    downloads.enqueue(entry, wifiOnly = true)
    downloads.enqueue(other, wifiOnly = false)

    assertEquals(NetworkType.UNMETERED, work(entry.id()).constraints.requiredNetworkType)
    assertEquals(NetworkType.CONNECTED, work(other.id()).constraints.requiredNetworkType)
    assertEquals(
      mapOf(entry.id() to PackageDownloadState.Queued, other.id() to PackageDownloadState.Queued),
      downloads.states().first(),
    )
    assertTrue(fake.tasks.isEmpty()) // no network yet
  }

  @Test
  fun queuedWithoutTheNetworkItNeeds_isWaitingForIt_evenBeforeItsFirstRun() = runTest {
    val downloads = downloads(UnconfinedTestDispatcher(testScheduler))
    val other = FakeModelDownloader.entry(id = "other-q4")
    onWifi = false // on mobile data

    downloads.enqueue(entry, wifiOnly = true)
    downloads.enqueue(other, wifiOnly = false)

    assertEquals(
      mapOf(
        entry.id() to PackageDownloadState.WaitingForNetwork(wifiOnly = true),
        other.id() to PackageDownloadState.Queued,
      ),
      downloads.states().first(),
    )
    onMobileData = false // and now offline
    assertEquals(
      PackageDownloadState.WaitingForNetwork(wifiOnly = false),
      downloads.state(other.id()).first(),
    )
  }

  @Test
  fun running_reportsProgress_thenInstalled() = runTest {
    val downloads = downloads(UnconfinedTestDispatcher(testScheduler))
    start(downloads)
    fake.task.state(app.lumen.download.DownloadState.DOWNLOADING)
    fake.task.progress(bytes = 300_000, total = 1_000_000, speed = 20_000.0, eta = 35)

    assertEquals(
      PackageDownloadState.Downloading(300_000, 1_000_000, 20_000, 35),
      downloads.state(entry.id()).first(),
    )

    fake.task.finish(app.lumen.download.DownloadState.INSTALLED)
    assertEquals(PackageDownloadState.Installed, downloads.state(entry.id()).first())
  }

  @Test
  fun pause_stopsTheTaskKeepingItsParts_andResumeStartsItAgain_evenInANewProcess() = runTest {
    val io = UnconfinedTestDispatcher(testScheduler)
    val downloads = downloads(io)
    start(downloads)
    val first = fake.task

    assertTrue(downloads.pause(entry.id()))

    assertTrue(first.paused)
    assertFalse(first.cancelled)
    assertEquals(PackageDownloadState.Paused, downloads.state(entry.id()).first())
    val restarted = downloads(io)
    assertEquals(PackageDownloadState.Paused, restarted.state(entry.id()).first())

    assertEquals(EnqueueResult.Enqueued, restarted.resume(entry.id()))
    assertEquals(PackageDownloadState.Queued, restarted.state(entry.id()).first())
    WorkManagerTestInitHelper.getTestDriver(context)!!.setAllConstraintsMet(work(entry.id()).id)
    assertEquals(2, fake.tasks.size)
    assertEquals(entry, fake.task.entry)
  }

  @Test
  fun pauseOrResume_ofAPackageWithoutADownload_doNothing() = runTest {
    val downloads = downloads(UnconfinedTestDispatcher(testScheduler))
    assertFalse(downloads.pause("nothing"))
    assertTrue(downloads.resume("nothing") is EnqueueResult.Refused)
    assertTrue(workManager.getWorkInfosByTag(DownloadWorkData.TAG).get().isEmpty())
  }

  @Test
  fun cancel_whileRunning_cancelsTheTaskItself() = runTest {
    val downloads = downloads(UnconfinedTestDispatcher(testScheduler))
    start(downloads)

    downloads.cancel(entry.id())

    assertTrue(fake.task.cancelled)
    assertEquals(WorkInfo.State.CANCELLED, work(entry.id()).state)
    assertNull(downloads.state(entry.id()).first())
  }

  @Test
  fun cancel_whilePaused_deletesTheParts_butNeverAnInstalledPackage() = runTest {
    val downloads = downloads(UnconfinedTestDispatcher(testScheduler))
    start(downloads)
    downloads.pause(entry.id())
    val part = File(modelsRoot, "${entry.id()}/model.onnx.part")
    part.parentFile!!.mkdirs()
    part.writeText("partial")
    val installed = File(modelsRoot, "installed-q4/${PackageManifest.FILE_NAME}")
    installed.parentFile!!.mkdirs()
    installed.writeText("{}")
    val staged = File(modelsRoot, ".installed-q4.update/model.onnx.part")
    staged.parentFile!!.mkdirs()
    staged.writeText("partial")

    downloads.cancel(entry.id())
    downloads.cancel("installed-q4")

    assertFalse(part.exists())
    assertFalse(File(modelsRoot, entry.id()).exists())
    assertEquals(1, fake.tasks.size) // the paused task was not restarted to clean up
    assertNull(downloads.state(entry.id()).first())
    assertTrue(installed.exists())
    assertFalse(staged.parentFile!!.exists())
  }

  private suspend fun start(downloads: ModelDownloads) {
    assertEquals(EnqueueResult.Enqueued, downloads.enqueue(entry, wifiOnly = true))
    WorkManagerTestInitHelper.getTestDriver(context)!!.setAllConstraintsMet(work(entry.id()).id)
    assertEquals(1, fake.tasks.size)
  }

  private fun work(id: String): WorkInfo =
    workManager.getWorkInfosForUniqueWork(DownloadWorkData.uniqueName(id)).get().single()
}
