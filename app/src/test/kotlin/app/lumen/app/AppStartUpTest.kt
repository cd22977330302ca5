package app.lumen.app

import androidx.test.core.app.ApplicationProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.data.LumenDatabase
import app.lumen.app.data.MessageStatus
import app.lumen.app.data.NewAttachment
import app.lumen.inference.testing.FakeScript
import java.io.File
import kotlinx.coroutines.flow.first
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith

/**
 * The app's own start-up after Android killed the process mid-answer: the answer was written by a
 * process that simply stops (no `finally`, no last write), and the next process is started the way
 * Android starts it, through [LumenApplication.onCreate], on the same database file.
 */
@RunWith(AndroidJUnit4::class)
class AppStartUpTest {
  private val app = ApplicationProvider.getApplicationContext<TestLumenApplication>()

  @Test
  fun afterAKillMidAnswer_startUpMarksItInterrupted_withTheThinkingAndTextCheckpointed() {
    val killed = TestChats(dbName = LumenDatabase.FILE_NAME)
    // A token every 50 ms and a checkpoint once 100 ms have passed: the third checkpoint holds
    // all of the thinking and the first two words of the answer.
    val script = FakeScript.builder().tokenDelayMillis(50)
    listOf("Let ", "me ", "think ", "first. ").forEach { script.thinking(it) }
    repeat(100) { script.token("w$it ") }
    killed.engine.enqueue(script.build())
    val id = killed.clock.await { killed.repository.createConversation() }
    killed.runner.send(id, "Why is the sky blue?")
    killed.awaitMessages(id) { it.size == 2 && it[1].text.isNotEmpty() }
    killed.kill()

    app.onCreate() // the next process
    val answer =
      VirtualClock()
        .await {
          app.container.repository.observeMessages(id).first {
            it[1].status == MessageStatus.INTERRUPTED
          }
        }[1]

    assertEquals("Let me think first. ", answer.thinking)
    assertEquals("w0 w1 ", answer.text)
  }

  @Test
  fun startUp_deletesOldPictureFilesNoMessageRefersTo_andKeepsARecentDraftPhoto() {
    val clock = VirtualClock()
    clock.runCurrent() // this process's own start-up is over before the files appear
    val dir = File(app.filesDir, "attachments").apply { mkdirs() }
    fun file(name: String, modifiedMillis: Long) =
      File(dir, name).apply {
        writeText("picture")
        setLastModified(modifiedMillis)
      }
    val leftByACrash = file("crash.img", 1_000)
    val sent = file("sent.img", 1_000)
    val draft = file("draft.img", System.currentTimeMillis())
    clock.await {
      app.container.repository.startConversation(
        "Look",
        listOf(NewAttachment(sent.path, null, 1, 1)),
      )
    }

    app.onCreate() // the next process
    clock.runUntil { !leftByACrash.exists() }
    assertTrue(sent.exists())
    assertTrue(draft.exists())
  }
}
