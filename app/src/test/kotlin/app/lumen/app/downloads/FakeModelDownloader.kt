package app.lumen.app.downloads

import app.lumen.download.Catalog
import app.lumen.download.CatalogEntry
import app.lumen.download.CatalogFile
import app.lumen.download.CatalogSource
import app.lumen.download.DownloadException
import app.lumen.download.DownloadListener
import app.lumen.download.DownloadProgress
import app.lumen.download.DownloadState
import app.lumen.download.DownloadTask
import app.lumen.download.FileRequest
import app.lumen.download.ModelDownloader
import app.lumen.download.UpdateCheck
import java.nio.file.Path

/**
 * A downloader whose tasks do nothing by themselves: the test plays the events of each task
 * ([FakeTask.progress], [FakeTask.finish]) and sees how it was stopped.
 */
class FakeModelDownloader : ModelDownloader {
  val tasks = mutableListOf<FakeTask>()

  /** Every [describeHubPackage] call, as "repo@revision variant". */
  val hubLookups = mutableListOf<String>()

  /** What [describeHubPackage] answers or throws; by default the Hub cannot be reached. */
  var hubPackage: (repo: String, revision: String, variant: String) -> CatalogEntry =
    { repo, _, _ ->
      throw DownloadException(DownloadException.Reason.NETWORK, repo, "offline")
    }
  val task: FakeTask
    get() = tasks.last()

  override fun install(entry: CatalogEntry, modelsRoot: Path, listener: DownloadListener) =
    FakeTask(entry, modelsRoot, listener).also { tasks += it }

  override fun checkForUpdate(entry: CatalogEntry, modelsRoot: Path): UpdateCheck =
    throw UnsupportedOperationException()

  override fun download(request: FileRequest, listener: DownloadListener): DownloadTask =
    throw UnsupportedOperationException()

  override fun describeHubPackage(repo: String, revision: String, variant: String): CatalogEntry {
    hubLookups += "$repo@$revision $variant"
    return hubPackage(repo, revision, variant)
  }

  override fun fetchCatalog(url: String): Catalog = throw UnsupportedOperationException()

  override fun packageSize(entry: CatalogEntry): Long = throw UnsupportedOperationException()

  override fun uninstall(id: String, modelsRoot: Path) = throw UnsupportedOperationException()

  override fun close() {}

  /** Like the real task: pause and cancel end it at once with PAUSED or CANCELLED. */
  class FakeTask(val entry: CatalogEntry, val modelsRoot: Path, val listener: DownloadListener) :
    DownloadTask {
    var paused = false
    var cancelled = false
    private var state = DownloadState.QUEUED

    fun state(next: DownloadState) {
      state = next
      listener.onStateChanged(next)
    }

    fun progress(bytes: Long, total: Long, speed: Double, eta: Long) {
      listener.onProgress(DownloadProgress("model.onnx", bytes, total, bytes, total, speed, eta))
    }

    fun finish(next: DownloadState) = state(next)

    fun fail(reason: DownloadException.Reason) =
      state(DownloadState.failed(DownloadException(reason, "model.onnx", "$reason failure")))

    override fun pause() {
      paused = true
      if (!state.isFinal) state(DownloadState.PAUSED)
    }

    override fun cancel() {
      cancelled = true
      if (!state.isFinal) state(DownloadState.CANCELLED)
    }

    override fun state(): DownloadState = state

    override fun await(): DownloadState = throw UnsupportedOperationException("the worker listens")
  }

  companion object {
    /** A package whose one file's size the catalog knows. */
    fun entry(id: String = "tiny-q4", size: Long = 1_000) =
      CatalogEntry(
        id,
        "Tiny Model",
        "qwen3",
        null,
        CatalogSource.baseUrl("https://models.example.com/tiny/"),
        mapOf("decoder" to "model.onnx"),
        listOf(CatalogFile("model.onnx", size, "a".repeat(64), false)),
        0,
        null,
      )

    /** What the downloader describes for an onnx-community vision export of [family]. */
    fun hubEntry(repo: String, family: String = "qwen3_vl", variant: String = "q4"): CatalogEntry {
      val name = repo.substringAfter('/')
      val suffix = "_$variant.onnx"
      return CatalogEntry(
        "$name-$variant".lowercase(),
        "$name ($variant)",
        family,
        variant,
        CatalogSource.huggingFace(repo, "main"),
        mapOf(
          "vision" to "onnx/vision_encoder$suffix",
          "embed" to "onnx/embed_tokens$suffix",
          "decoder" to "onnx/decoder_model_merged$suffix",
        ),
        listOf(CatalogFile.required("config.json"), CatalogFile.required("tokenizer.json")),
        0,
        null,
      )
    }
  }
}
