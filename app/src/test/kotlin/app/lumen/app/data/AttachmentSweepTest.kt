package app.lumen.app.data

import java.io.File
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

class AttachmentSweepTest {
  @get:Rule val folder = TemporaryFolder()

  private val now = 10 * DAY

  private fun File.file(name: String, ageMillis: Long) =
    File(this, name).apply {
      writeText("picture")
      setLastModified(now - ageMillis)
    }

  @Test
  fun deletesOldFilesNoMessageRefersTo_keepsReferencedOnes_andARecentDraftsPhoto() {
    val dir = folder.newFolder("attachments")
    val sent = dir.file("sent.img", 3 * DAY)
    val sentThumbnail = dir.file("sent.thumb.jpg", 3 * DAY)
    val orphan = dir.file("orphan.img", 2 * DAY)
    val draft = dir.file("draft.img", 10 * 60_000L)

    val deleted = AttachmentSweep(dir, clock = { now }).sweep(setOf(sent.path, sentThumbnail.path))

    assertEquals(1, deleted)
    assertFalse(orphan.exists())
    assertTrue(sent.exists())
    assertTrue(sentThumbnail.exists())
    assertTrue(draft.exists())
  }

  @Test
  fun aMissingFolder_sweepsNothing() {
    assertEquals(0, AttachmentSweep(File(folder.root, "none"), clock = { now }).sweep(emptySet()))
  }

  private companion object {
    const val DAY = AttachmentSweep.KEEP_UNSENT_MILLIS
  }
}
