package app.lumen.app.models

import app.lumen.download.Catalog
import app.lumen.download.CatalogEntry
import app.lumen.download.CatalogSource
import app.lumen.download.DownloadException
import java.io.File
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNull
import org.junit.Assert.assertThrows
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import org.junit.runner.RunWith
import org.robolectric.RobolectricTestRunner

@RunWith(RobolectricTestRunner::class)
class PackageSizesTest {
  @get:Rule val tmp = TemporaryFolder()

  private val entry: CatalogEntry = Catalog.loadDefault().entries().first { it.knownSize() < 0 }
  private val file by lazy { File(tmp.root, "sizes.json") }
  private val asked = mutableListOf<String>()

  private fun sizes(answer: (CatalogEntry) -> Long = { 1234L }) =
    PackageSizes(file) {
      asked += "${it.id()}@${it.source().revision()}"
      answer(it)
    }

  @Test
  fun theHubIsAskedOnce_andTheAnswerOutlivesTheProcess() {
    assertNull(sizes().cached(entry))
    assertEquals(1234L, sizes().size(entry))

    val later = sizes { error("asked again") }
    assertEquals(1234L, later.cached(entry))
    assertEquals(1234L, later.size(entry))
    assertEquals(1, asked.size)
  }

  @Test
  fun anotherRevisionOfTheSameEntry_isAskedAgain() {
    sizes().size(entry)
    val moved =
      CatalogEntry(
        entry.id(),
        entry.displayName(),
        entry.family(),
        entry.quantization(),
        CatalogSource.huggingFace(entry.source().hfRepo(), "another-revision"),
        entry.graphs(),
        entry.files(),
        entry.minRamMb(),
        entry.license(),
      )
    assertNull(sizes().cached(moved))
    assertEquals(99L, sizes { 99L }.size(moved))
    assertEquals(1234L, sizes().cached(entry))
  }

  @Test
  fun offline_theFailureReachesTheCaller_andNothingIsRemembered() {
    val offline = sizes {
      throw DownloadException(DownloadException.Reason.NETWORK, it.id(), "offline")
    }
    assertThrows(DownloadException::class.java) { offline.size(entry) }
    assertNull(sizes().cached(entry))
  }

  @Test
  fun aTornCacheFile_isAskedAgainAndRewritten() {
    file.writeText("{\"${entry.id()}@")
    assertNull(sizes().cached(entry))
    assertEquals(1234L, sizes().size(entry))
    assertEquals(1234L, sizes { error("asked again") }.cached(entry))
  }
}
