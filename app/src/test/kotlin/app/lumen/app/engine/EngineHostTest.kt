package app.lumen.app.engine

import app.lumen.inference.ChatMessage
import app.lumen.inference.FinishReason
import app.lumen.inference.GenerationRequest
import app.lumen.inference.Phase
import app.lumen.inference.testing.FakeInferenceEngine
import app.lumen.inference.testing.FakeScript
import java.io.File
import java.nio.file.Files
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.After
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test

/** The service's engine owner on the plain JVM: loading, sessions, idle unload, memory pressure. */
class EngineHostTest {
  private val engine = FakeInferenceEngine()
  private val models: File = Files.createTempDirectory("models").toFile()
  private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)

  private fun host(idleMillis: Long = 60_000) =
    EngineHost({ engine }, ModelLocator.inFolder(models), scope, idleTimeoutMillis = idleMillis)

  private fun install(name: String = "m1"): File =
    File(models, name).apply {
      mkdirs()
      File(this, ModelLocator.MANIFEST).writeText("{}")
    }

  @After
  fun close() {
    scope.cancel()
    models.deleteRecursively()
  }

  private fun request(vararg messages: ChatMessage) =
    GenerationRequest.builder(messages.toList()).build()

  private fun EngineHost.run(id: Long, request: GenerationRequest) = runBlocking {
    withTimeout(10_000) { generate(id, request).toList() }
  }

  @Test
  fun firstGeneration_loadsTheModel_andStreamsInOrder() {
    install()
    val host = host()
    assertEquals(EngineState.Unloaded, host.state.value)
    val events = host.run(1, request(ChatMessage.user("Hi")))
    assertEquals(GenerationEvent.PhaseStarted(Phase.LOADING), events.first())
    assertEquals(
      listOf("Hello", ",", " world", "!"),
      events.filterIsInstance<GenerationEvent.Token>().map { it.text },
    )
    assertTrue(events.last() is GenerationEvent.Finished)
    assertEquals(
      EngineState.Ready(host.state.value.let { (it as EngineState.Ready).info }, false),
      host.state.value,
    )
    assertEquals(1, engine.loadedPackages().size)
  }

  @Test
  fun sameConversation_reusesTheCache_otherConversationStartsFresh() {
    install()
    val host = host()
    host.run(1, request(ChatMessage.user("one two three")))
    val followUp =
      request(
        ChatMessage.user("one two three"),
        ChatMessage.assistant("Hello, world!"),
        ChatMessage.user("four"),
      )
    val same = host.run(1, followUp).last() as GenerationEvent.Finished
    assertTrue(same.result.stats().reusedTokens() > 0)

    val other = host.run(2, followUp).last() as GenerationEvent.Finished
    assertEquals(0, other.result.stats().reusedTokens())
    assertEquals(1, engine.loadedPackages().size) // one model, sessions per conversation
  }

  @Test
  fun idleTimeout_unloads_andTheNextGenerationReloadsTransparently() {
    install()
    val host = host(idleMillis = 100)
    host.run(1, request(ChatMessage.user("Hi")))
    runBlocking { withTimeout(5_000) { host.state.first { it == EngineState.Unloaded } } }

    val again = host.run(1, request(ChatMessage.user("Hi")))
    assertTrue(again.last() is GenerationEvent.Finished)
    assertEquals(2, engine.loadedPackages().size)
  }

  @Test
  fun trimMemory_unloadsWhenIdle_butNeverDuringAGeneration() {
    install()
    val host = host()
    engine.enqueue(
      FakeScript.builder().tokenDelayMillis(30).token("a").token("b").token("c").build()
    )
    runBlocking {
      val running = async { host.generate(1, request(ChatMessage.user("Hi"))).toList() }
      withTimeout(5_000) { host.state.first { it is EngineState.Ready && it.generating } }
      assertFalse(host.trimMemory())
      val events = withTimeout(5_000) { running.await() }
      assertEquals(
        FinishReason.STOP_TOKEN,
        (events.last() as GenerationEvent.Finished).result.finishReason(),
      )
    }
    assertTrue(host.trimMemory())
    assertEquals(EngineState.Unloaded, host.state.value)
  }

  @Test
  fun stop_finishesTheGenerationAsCancelled() {
    install()
    val host = host()
    val script = FakeScript.builder().tokenDelayMillis(50)
    repeat(100) { script.token("x") }
    engine.enqueue(script.build())
    runBlocking {
      val running = async { host.generate(1, request(ChatMessage.user("Hi"))).toList() }
      withTimeout(5_000) { host.generatedTokens.first { it >= 2 } }
      host.stop()
      val finished = withTimeout(5_000) { running.await() }.last() as GenerationEvent.Finished
      assertEquals(FinishReason.CANCELLED, finished.result.finishReason())
      assertTrue(finished.result.text().length in 2..99)
    }
  }

  @Test
  fun noModel_reportsAFailure_withoutLoading() {
    val host = host()
    assertEquals(EngineState.NoModel, host.state.value)
    val events = host.run(1, request(ChatMessage.user("Hi")))
    val failed = events.single() as GenerationEvent.Failed
    assertEquals(EngineHost.NO_MODEL_MESSAGE, failed.error.message)
    assertTrue(engine.loadedPackages().isEmpty())
  }

  @Test
  fun loadFailure_isReported_andTheNextAttemptLoadsAgain() {
    install()
    engine.failNextLoad(app.lumen.inference.ModelLoadException("config.json: hidden_size missing"))
    val host = host()
    val failed = host.run(1, request(ChatMessage.user("Hi"))).last() as GenerationEvent.Failed
    assertEquals("config.json: hidden_size missing", failed.error.message)
    assertTrue(host.state.value is EngineState.LoadFailed)
    assertTrue(host.run(1, request(ChatMessage.user("Hi"))).last() is GenerationEvent.Finished)
  }

  @Test
  fun nativesMissingForThisProcessor_failTheAnswerWithAClearMessage_notTheApp() {
    install()
    val host =
      EngineHost(
        { throw UnsatisfiedLinkError("dlopen failed: library \"libonnxruntime.so\" not found") },
        ModelLocator.inFolder(models),
        scope,
        runtimeUnavailableMessage = { e ->
          NativeRuntime.unavailableMessage(e, listOf("arm64-v8a", "x86_64"), listOf("armeabi-v7a"))
        },
      )
    val failed = host.run(1, request(ChatMessage.user("Hi"))).last() as GenerationEvent.Failed
    assertEquals(
      "This APK has no ONNX Runtime for this phone's processor (armeabi-v7a; the APK has " +
        "arm64-v8a, x86_64). Install the APK built for it.",
      failed.error.message,
    )
    assertTrue(failed.error.cause is UnsatisfiedLinkError)
    assertTrue(host.state.value is EngineState.LoadFailed)
  }

  @Test
  fun nativeLoadFailureOnAPackagedAbi_namesTheLinkerError() {
    val message =
      NativeRuntime.unavailableMessage(
        UnsatisfiedLinkError("cannot locate symbol"),
        listOf("arm64-v8a"),
        listOf("arm64-v8a", "armeabi-v7a"),
      )
    assertEquals("ONNX Runtime could not be loaded on this device: cannot locate symbol", message)
  }
}
