package app.lumen.app

import android.content.Context
import androidx.lifecycle.SavedStateHandle
import androidx.test.core.app.ApplicationProvider
import app.lumen.app.chat.ChatRunner
import app.lumen.app.chat.ImageInputs
import app.lumen.app.data.AttachmentFiles
import app.lumen.app.data.ChatRepository
import app.lumen.app.data.LumenDatabase
import app.lumen.app.data.Message
import app.lumen.app.data.UnsentPictures
import app.lumen.app.engine.EngineHost
import app.lumen.app.engine.MemoryCheck
import app.lumen.app.engine.MemoryMessages
import app.lumen.app.engine.ModelLocator
import app.lumen.app.ui.chat.ChatViewModel
import app.lumen.app.ui.chat.SavedComposer
import app.lumen.inference.testing.FakeInferenceEngine
import java.io.File
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.first

/**
 * The real chat stack on a database file and a [FakeInferenceEngine]: what a test needs to send,
 * stop, regenerate and "kill the process" (stop everything where it is and build it again on the
 * same file).
 *
 * Everything runs on the main looper: the runner's and engine host's coroutines (through [process],
 * which [kill] ends), Room, and the engine, whose scripted delays (and the runner's checkpoint
 * timing) go by [clock].
 */
class TestChats(
  val clock: VirtualClock = VirtualClock(),
  val engine: FakeInferenceEngine = FakeInferenceEngine(clock),
  val dbName: String = "chats-test.db",
  modelInstalled: Boolean = true,
  modelsFolder: String = "models",
  checkpointMillis: Long = 100,
  images: ImageInputs = ImageInputs.Unavailable,
  memory: MemoryCheck = MemoryCheck.UNCHECKED,
  /** The package chats use when it is installed, as the user's choice in Models. */
  preferredModel: () -> String? = { null },
) {
  val context: Context = ApplicationProvider.getApplicationContext()
  val process = ProcessDispatcher()
  val scope = CoroutineScope(SupervisorJob() + process)
  val db: LumenDatabase = mainLooperDatabase(context, dbName)
  val picturesDir = File(context.filesDir, "attachments")
  val repository = ChatRepository(db, AttachmentFiles(picturesDir), io = process)
  val unsentPictures = UnsentPictures(AttachmentFiles(picturesDir), scope, process)
  val modelsDir = File(context.filesDir, modelsFolder)
  val host: EngineHost
  val runner: ChatRunner

  init {
    if (modelInstalled) {
      File(modelsDir, "fake-model").mkdirs()
      File(modelsDir, "fake-model/${ModelLocator.MANIFEST}").writeText("{}")
    }
    host =
      EngineHost(
        { engine },
        ModelLocator.inFolder(modelsDir, preferredModel),
        scope,
        io = process,
        memoryCheck = memory,
        memoryMessage = { MemoryMessages.of(context, it) },
      )
    runner =
      ChatRunner(
        repository,
        host,
        scope,
        images,
        clock = clock::nowMillis,
        checkpointMillis = checkpointMillis,
      )
  }

  /** The chat screen's ViewModel on this stack, for [conversationId] (null: a new chat). */
  fun chatViewModel(
    conversationId: Long? = null,
    savedState: SavedStateHandle = SavedComposer.stateFor(conversationId),
    readModelName: suspend () -> String? = { null },
  ) = ChatViewModel(savedState, repository, runner, host, unsentPictures, readModelName)

  /** Runs the clock until the conversation's messages satisfy [condition]; returns them. */
  fun awaitMessages(conversationId: Long, condition: (List<Message>) -> Boolean): List<Message> =
    clock.await { repository.observeMessages(conversationId).first(condition) }

  /** Runs the clock until the runner has finished its request, writes included. */
  fun awaitIdle() = clock.runUntil { !runner.busy.value }

  /**
   * Everything in memory is gone, as when Android kills the process: its coroutines never run
   * again, not even their `finally` blocks, and only what is in the file remains.
   */
  fun kill() {
    process.kill()
  }

  /**
   * Stops the runner and engine. The database stays open: screens under test may still observe it
   * until their rule disposes them, and Robolectric drops the files after the test.
   */
  fun close() {
    stop()
    host.close()
  }

  private fun stop() {
    scope.cancel()
    // What the cancelled coroutines still do on their way out (the host waits for the engine).
    clock.runCurrent()
  }
}
