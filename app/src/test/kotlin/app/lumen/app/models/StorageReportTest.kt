package app.lumen.app.models

import app.lumen.app.engine.ModelLocator
import java.io.File
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

class StorageReportTest {
  @get:Rule val tmp = TemporaryFolder()

  private fun file(path: String, bytes: Int) =
    File(tmp.root, path).apply {
      parentFile.mkdirs()
      writeBytes(ByteArray(bytes))
    }

  private fun report() =
    StorageReport(
      File(tmp.root, "files/models"),
      File(tmp.root, "files/attachments"),
      File(tmp.root, "cache"),
      freeBytes = { 5_000L },
    )

  @Test
  fun measure_splitsModelsUnfinishedDownloadsPicturesAndCaches() {
    file("files/models/m/decoder.onnx", 1000)
    file("files/models/m/${ModelLocator.MANIFEST}", 2).writeText("{}")
    file("files/models/half/decoder.onnx.part", 300)
    file("files/models/.m.update/tokenizer.json.part", 20)
    file("files/attachments/a.img", 40)
    file("files/attachments/a.thumb.jpg", 4)
    file("cache/exports/chat.md", 7)
    file("cache/selftest/model.onnx", 70)

    val usage = report().measure()

    assertEquals(listOf("m"), usage.models.map { it.id })
    assertEquals(1002L, usage.modelBytes)
    assertEquals(320L, usage.unfinishedDownloadBytes)
    assertEquals(44L, usage.pictureBytes)
    assertEquals(77L, usage.cacheBytes)
    assertEquals(5_000L, usage.freeBytes)
  }

  @Test
  fun clearCaches_deletesTheCacheAndNothingElse() {
    file("files/attachments/a.img", 40)
    file("cache/exports/chat.md", 7)
    file("cache/selftest/model.onnx", 70)

    assertEquals(77L, report().clearCaches())

    val usage = report().measure()
    assertEquals(0L, usage.cacheBytes)
    assertEquals(40L, usage.pictureBytes)
    assertTrue(File(tmp.root, "cache").isDirectory)
  }
}
