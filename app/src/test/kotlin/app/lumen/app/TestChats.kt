package app.lumen.app

import android.content.Context
import androidx.room.Room
import androidx.test.core.app.ApplicationProvider
import app.lumen.app.chat.ChatRunner
import app.lumen.app.data.AttachmentFiles
import app.lumen.app.data.ChatRepository
import app.lumen.app.data.LumenDatabase
import app.lumen.app.data.Message
import app.lumen.app.engine.EngineHost
import app.lumen.app.engine.ModelLocator
import app.lumen.inference.testing.FakeInferenceEngine
import java.io.File
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

/**
 * The real chat stack on a database file and a [FakeInferenceEngine]: what a test needs to send,
 * stop, regenerate and "kill the process" (drop everything and build it again on the same file).
 */
class TestChats(
  val engine: FakeInferenceEngine = FakeInferenceEngine(),
  val dbName: String = "chats-test.db",
  modelInstalled: Boolean = true,
  modelsFolder: String = "models",
  checkpointMillis: Long = 100,
) {
  val context: Context = ApplicationProvider.getApplicationContext()
  val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
  val db: LumenDatabase =
    LumenDatabase.builder(Room.databaseBuilder(context, LumenDatabase::class.java, dbName)).build()
  val picturesDir = File(context.filesDir, "attachments")
  val repository = ChatRepository(db, AttachmentFiles(picturesDir))
  val modelsDir = File(context.filesDir, modelsFolder)
  val host: EngineHost
  val runner: ChatRunner

  init {
    if (modelInstalled) {
      File(modelsDir, "fake-model").mkdirs()
      File(modelsDir, "fake-model/${ModelLocator.MANIFEST}").writeText("{}")
    }
    host = EngineHost({ engine }, ModelLocator.inFolder(modelsDir), scope)
    runner = ChatRunner(repository, host, scope, checkpointMillis = checkpointMillis)
  }

  /** Waits (real time) until the conversation's messages satisfy [condition]; returns them. */
  fun awaitMessages(
    conversationId: Long,
    timeoutMillis: Long = 10_000,
    condition: (List<Message>) -> Boolean,
  ): List<Message> = runBlocking {
    withTimeout(timeoutMillis) { repository.observeMessages(conversationId).first(condition) }
  }

  fun awaitIdle(timeoutMillis: Long = 10_000) = runBlocking {
    withTimeout(timeoutMillis) { runner.busy.first { !it } }
  }

  /** Everything in memory is gone, as when Android kills the process; only the file remains. */
  fun kill() {
    runBlocking {
      val job = scope.coroutineContext[kotlinx.coroutines.Job]!!
      scope.cancel()
      job.join()
    }
    db.close()
  }

  /**
   * Stops the runner and engine. The database stays open: screens under test may still observe it
   * until their rule disposes them, and Robolectric drops the files after the test.
   */
  fun close() {
    runBlocking {
      val job = scope.coroutineContext[kotlinx.coroutines.Job]!!
      scope.cancel()
      job.join()
    }
    host.close()
  }
}
