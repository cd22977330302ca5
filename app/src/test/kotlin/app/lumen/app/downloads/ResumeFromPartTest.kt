package app.lumen.app.downloads

import android.content.Context
import androidx.test.core.app.ApplicationProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import androidx.work.ListenableWorker.Result
import app.lumen.download.CatalogEntry
import app.lumen.download.CatalogFile
import app.lumen.download.CatalogSource
import app.lumen.download.DownloaderConfig
import app.lumen.download.ModelDownloader
import app.lumen.pkg.PackageManifest
import java.io.File
import java.security.MessageDigest
import java.util.concurrent.TimeUnit
import kotlin.random.Random
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.selects.select
import org.junit.After
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import org.junit.runner.RunWith

/**
 * The real downloader in the worker, against a loopback server: a worker stopped mid-file (what
 * WorkManager does when the process goes, or the user pauses) leaves a `.part`, and the next worker
 * asks only for the rest of it and ends with a verified package.
 */
@RunWith(AndroidJUnit4::class)
class ResumeFromPartTest {
  @get:Rule val folder = TemporaryFolder()
  private val context = ApplicationProvider.getApplicationContext<Context>()
  private val model = Random(7).nextBytes(300_000)
  private val server = LoopbackFileServer(mapOf("/pkg/model.onnx" to model))
  private val downloader =
    ModelDownloader.create(
      DownloaderConfig.builder()
        .progressInterval(0, TimeUnit.MILLISECONDS)
        .freeSpaceMarginBytes(0)
        .build()
    )

  @After
  fun tearDown() {
    server.close()
    downloader.close()
  }

  @Test
  fun stoppedMidFile_theNextWorkerResumesFromThePart() = runBlocking {
    val modelsRoot = folder.newFolder("models")
    val entry =
      CatalogEntry(
        "tiny-q4",
        "Tiny",
        "qwen3",
        null,
        CatalogSource.baseUrl(server.url("/pkg/")),
        mapOf("decoder" to "model.onnx"),
        listOf(CatalogFile("model.onnx", model.size.toLong(), sha256(model), false)),
        0,
        null,
      )
    server.stallOnce("/pkg/model.onnx", bytes = 120_000)
    val harness = WorkerHarness(context, { downloader }, modelsRoot)
    val halfWritten = CompletableDeferred<Unit>()
    harness.onProgress = { data ->
      val state = DownloadWorkData.state(runningInfo(data))
      if (state is PackageDownloadState.Downloading && state.bytesDone >= 120_000) {
        halfWritten.complete(Unit)
      }
    }

    val first = async(Dispatchers.Default) { harness.worker(entry).doWork() }
    select {
      halfWritten.onAwait {}
      first.onAwait { throw AssertionError("the first run ended before the stall: $it") }
    }
    first.cancel() // WorkManager stopping the worker
    first.join()

    val part = File(modelsRoot, "tiny-q4/model.onnx.part")
    assertEquals(120_000L, part.length())

    val second = harness.worker(entry).doWork()

    assertEquals(Result.success(), second)
    assertEquals(listOf(null, "bytes=120000-"), server.rangesFor("/pkg/model.onnx"))
    assertArrayEquals(model, File(modelsRoot, "tiny-q4/model.onnx").readBytes())
    assertTrue(File(modelsRoot, "tiny-q4/${PackageManifest.FILE_NAME}").isFile)
  }

  private fun runningInfo(progress: androidx.work.Data) =
    androidx.work.WorkInfo(
      java.util.UUID.randomUUID(),
      androidx.work.WorkInfo.State.RUNNING,
      emptySet(),
      progress = progress,
    )

  private fun sha256(bytes: ByteArray) =
    MessageDigest.getInstance("SHA-256").digest(bytes).joinToString("") { "%02x".format(it) }
}
