package app.lumen.app.engine

import app.lumen.inference.ChatMessage
import app.lumen.inference.FinishReason
import app.lumen.inference.GenerationRequest
import app.lumen.inference.InvalidRequestException
import app.lumen.inference.LoadedModel
import app.lumen.inference.ModelInfo
import app.lumen.inference.Phase
import app.lumen.inference.testing.FakeImageInput
import app.lumen.inference.testing.FakeInferenceEngine
import app.lumen.inference.testing.FakeScheduler
import app.lumen.inference.testing.FakeScript
import app.lumen.vision.RgbImage
import app.lumen.vision.TokenBudget
import java.io.File
import java.nio.file.Files
import kotlin.time.Duration.Companion.minutes
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.Job
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.StandardTestDispatcher
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import org.junit.After
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test

/**
 * The service's engine owner on the plain JVM: loading, sessions, idle unload, memory pressure.
 *
 * Virtual time: the host, its loading dispatcher and the fake engine's scripted delays all run on
 * the test's scheduler, so the idle timeout and token delays pass when the test waits for them.
 */
@OptIn(ExperimentalCoroutinesApi::class)
class EngineHostTest {
  private val test = TestScope()
  private var engine = FakeInferenceEngine(test.fakeScheduler())
  private val models: File = Files.createTempDirectory("models").toFile()

  private fun host(idleMillis: Long = 60_000) =
    EngineHost(
      { engine },
      ModelLocator.inFolder(models),
      test.backgroundScope,
      io = StandardTestDispatcher(test.testScheduler),
      idleTimeoutMillis = idleMillis,
    )

  // Five minutes guard against a hang; virtual time never waits for them.
  private fun runTest(body: suspend TestScope.() -> Unit) = test.runTest(5.minutes, body)

  private fun install(name: String = "m1"): File =
    File(models, name).apply {
      mkdirs()
      File(this, ModelLocator.MANIFEST).writeText("{}")
    }

  @After
  fun close() {
    models.deleteRecursively()
  }

  private fun request(vararg messages: ChatMessage) =
    GenerationRequest.builder(messages.toList()).build()

  /** [count] tokens "x", one every [delayMillis]. */
  private fun xs(count: Int, delayMillis: Long): FakeScript {
    val script = FakeScript.builder().tokenDelayMillis(delayMillis)
    repeat(count) { script.token("x") }
    return script.build()
  }

  /** Asks a question and leaves (cancels its collection) while its model loads. */
  private suspend fun TestScope.leaveWhileLoading(host: EngineHost) {
    lateinit var first: Job
    engine.duringNextLoad { first.cancel() }
    first = launch { host.generate(1) { request(ChatMessage.user("Hi")) }.collect {} }
    first.join()
    runCurrent()
  }

  private suspend fun EngineHost.run(id: Long, request: GenerationRequest) =
    generate(id) { request }.toList()

  /** A question about a photo, prepared by the vision path of the model the host loaded. */
  private fun photoQuestion(model: LoadedModel): GenerationRequest {
    val photo = RgbImage(64, 48, ByteArray(64 * 48 * 3) { it.toByte() })
    return request(
      ChatMessage.user("What is this?", listOf(model.vision().image(photo, TokenBudget(16))))
    )
  }

  @Test
  fun firstGeneration_loadsTheModel_andStreamsInOrder() = runTest {
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
  fun sameConversation_reusesTheCache_otherConversationStartsFresh() = runTest {
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
  fun idleTimeout_unloads_andTheNextGenerationReloadsTransparently() = runTest {
    install()
    val host = host(idleMillis = 100)
    host.run(1, request(ChatMessage.user("Hi")))
    host.state.first { it == EngineState.Unloaded }
    assertEquals(100, currentTime)

    val again = host.run(1, request(ChatMessage.user("Hi")))
    assertTrue(again.last() is GenerationEvent.Finished)
    assertEquals(2, engine.loadedPackages().size)
  }

  @Test
  fun trimMemory_unloadsWhenIdle_butNeverDuringAGeneration() = runTest {
    install()
    val host = host()
    engine.enqueue(
      FakeScript.builder().tokenDelayMillis(30).token("a").token("b").token("c").build()
    )
    val running = async { host.generate(1) { request(ChatMessage.user("Hi")) }.toList() }
    host.state.first { it is EngineState.Ready && it.generating }
    assertFalse(host.trimMemory())
    val events = running.await()
    assertEquals(
      FinishReason.STOP_TOKEN,
      (events.last() as GenerationEvent.Finished).result.finishReason(),
    )
    assertTrue(host.trimMemory())
    assertEquals(EngineState.Unloaded, host.state.value)
  }

  @Test
  fun idleTimeout_closesTheVisionGraphWithTheModel() = runTest {
    install()
    val host = host(idleMillis = 100)
    val events = host.generate(1) { photoQuestion(it) }.toList()
    assertTrue(events.last() is GenerationEvent.Finished)
    assertEquals(1, engine.openVisionModels())
    host.state.first { it == EngineState.Unloaded }
    assertEquals(0, engine.openVisionModels())
  }

  @Test
  fun trimMemory_closesTheVisionGraphWithTheModel() = runTest {
    install()
    val host = host()
    host.generate(1) { photoQuestion(it) }.toList()
    assertEquals(1, engine.openVisionModels())
    assertTrue(host.trimMemory())
    assertEquals(0, engine.openVisionModels())
    // The next photo opens the vision graph of the reloaded model.
    assertTrue(host.generate(1) { photoQuestion(it) }.toList().last() is GenerationEvent.Finished)
    assertEquals(1, engine.openVisionModels())
  }

  @Test
  fun photo_isPreparedByTheModelLoadedForTheAnswer() = runTest {
    install("a").let { File(it, ModelLocator.MANIFEST).setLastModified(1_000_000) }
    engine.setModelInfo(ModelInfo("model-a", "qwen3_vl", "A", 4096, true))
    val host = host()
    host.generate(1) { photoQuestion(it) }.toList()
    // A newer package is installed: the next answer loads it, and its photo is prepared by it.
    install("b").let { File(it, ModelLocator.MANIFEST).setLastModified(2_000_000) }
    engine.setModelInfo(ModelInfo("model-b", "qwen3_vl", "B", 4096, true))
    val answer = host.generate(1) { photoQuestion(it) }.toList().last() as GenerationEvent.Finished
    assertEquals("model-b", answer.modelId)

    val images = engine.requests().map { it.messages().last().images().single() as FakeImageInput }
    assertEquals(listOf("model-a", "model-b"), images.map { it.modelId() })
    assertEquals("model A's vision graph went with model A", 1, engine.openVisionModels())
  }

  @Test
  fun requestThatCannotBeBuilt_failsTheAnswer_andNothingIsGenerated() = runTest {
    install()
    engine.setModelInfo(ModelInfo("text-only", "qwen3", "Text", 4096, false))
    val host = host()
    val events = host.generate(1) { photoQuestion(it) }.toList()
    assertEquals(listOf(GenerationEvent.PhaseStarted(Phase.LOADING)), events.dropLast(1))
    val failed = events.last() as GenerationEvent.Failed
    assertTrue(failed.error is InvalidRequestException)
    assertTrue(failed.error.message!!, failed.error.message!!.contains("reads no images"))
    assertTrue(engine.requests().isEmpty())
    assertEquals(false, (host.state.value as EngineState.Ready).generating)
    assertTrue(host.run(1, request(ChatMessage.user("Hi"))).last() is GenerationEvent.Finished)
  }

  @Test
  fun stop_finishesTheGenerationAsCancelled() = runTest {
    install()
    val host = host()
    engine.enqueue(xs(100, delayMillis = 50))
    val running = async { host.generate(1) { request(ChatMessage.user("Hi")) }.toList() }
    host.generatedTokens.first { it >= 2 }
    host.stop()
    val finished = running.await().last() as GenerationEvent.Finished
    assertEquals(FinishReason.CANCELLED, finished.result.finishReason())
    assertEquals("xx", finished.result.text())
    assertEquals("the stop ended the token delay at once", 100, currentTime)
  }

  @Test
  fun cancelledWhileLoading_keepsTheLateModel_forTheNextQuestion() = runTest {
    install()
    val host = host(idleMillis = 100)
    // The user leaves the chat (its collection is cancelled) while the model is still loading.
    leaveWhileLoading(host)
    assertTrue("settled: ${host.state.value}", host.state.value.isReadyAndIdle())
    assertEquals(1, engine.openModels())

    val next = host.run(1, request(ChatMessage.user("Hi")))
    assertTrue(next.last() is GenerationEvent.Finished)
    assertFalse("no second load", next.contains(GenerationEvent.PhaseStarted(Phase.LOADING)))
    assertEquals(1, engine.loadedPackages().size)
    assertEquals(1, engine.openModels())
    // The kept model is unloaded when idle, like any other.
    host.state.first { it == EngineState.Unloaded }
    assertEquals(0, engine.openModels())
  }

  @Test
  fun stopWhileLoading_endsTheAnswerAsCancelled_andKeepsTheModelLoaded() = runTest {
    install()
    val host = host(idleMillis = 100)
    engine.duringNextLoad { host.stop() }
    val events = host.run(1, request(ChatMessage.user("Hi")))
    val finished = events.last() as GenerationEvent.Finished
    assertEquals(FinishReason.CANCELLED, finished.result.finishReason())
    assertTrue("nothing generated", engine.requests().isEmpty())
    runCurrent()
    assertTrue("settled: ${host.state.value}", host.state.value.isReadyAndIdle())

    val next = host.run(1, request(ChatMessage.user("Hi"))).last() as GenerationEvent.Finished
    assertEquals(FinishReason.STOP_TOKEN, next.result.finishReason())
    assertEquals(1, engine.loadedPackages().size)
    host.state.first { it == EngineState.Unloaded }
    assertEquals(0, engine.openModels())
  }

  @Test
  fun trimMemoryWhileALeftLoadFinishes_closesTheLateModel() = runTest {
    install()
    val host = host()
    leaveWhileLoading(host)
    assertTrue(host.trimMemory())
    assertEquals(EngineState.Unloaded, host.state.value)
    assertEquals(0, engine.openModels())
  }

  @Test
  fun cancelledCollection_waitsForTheEngine_soTheNextGenerationFindsTheSessionFree() = runTest {
    install()
    // An engine that takes a millisecond to act on anything, a cancel included.
    engine = FakeInferenceEngine(test.fakeScheduler(minDelayMillis = 1))
    val host = host()
    engine.enqueue(xs(100, delayMillis = 50)).enqueue(FakeScript.answer("next"))
    val first = launch { host.generate(1) { request(ChatMessage.user("Hi")) }.collect {} }
    host.generatedTokens.first { it >= 1 }
    first.cancel()

    val next = host.run(1, request(ChatMessage.user("Hi"))).last() as GenerationEvent.Finished
    assertEquals("next", next.result.text())
  }

  @Test
  fun noModel_reportsAFailure_withoutLoading() = runTest {
    val host = host()
    assertEquals(EngineState.NoModel, host.state.value)
    val events = host.run(1, request(ChatMessage.user("Hi")))
    val failed = events.single() as GenerationEvent.Failed
    assertEquals(EngineHost.NO_MODEL_MESSAGE, failed.error.message)
    assertTrue(engine.loadedPackages().isEmpty())
  }

  @Test
  fun loadFailure_isReported_andTheNextAttemptLoadsAgain() = runTest {
    install()
    engine.failNextLoad(app.lumen.inference.ModelLoadException("config.json: hidden_size missing"))
    val host = host()
    val failed = host.run(1, request(ChatMessage.user("Hi"))).last() as GenerationEvent.Failed
    assertEquals("config.json: hidden_size missing", failed.error.message)
    assertTrue(host.state.value is EngineState.LoadFailed)
    assertTrue(host.run(1, request(ChatMessage.user("Hi"))).last() is GenerationEvent.Finished)
  }

  @Test
  fun nativesMissingForThisProcessor_failTheAnswerWithAClearMessage_notTheApp() = runTest {
    install()
    val host =
      EngineHost(
        { throw UnsatisfiedLinkError("dlopen failed: library \"libonnxruntime.so\" not found") },
        ModelLocator.inFolder(models),
        test.backgroundScope,
        io = StandardTestDispatcher(test.testScheduler),
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

/**
 * A [FakeScheduler] on the test's virtual time: each task runs in the background scope once its
 * delay, at least [minDelayMillis], has passed on the test scheduler.
 */
private fun EngineState.isReadyAndIdle() = this is EngineState.Ready && !generating

@OptIn(ExperimentalCoroutinesApi::class)
private fun TestScope.fakeScheduler(minDelayMillis: Long = 0): FakeScheduler =
  object : FakeScheduler {
    override fun schedule(delayMillis: Long, task: Runnable): FakeScheduler.Scheduled {
      val delay = maxOf(delayMillis, minDelayMillis)
      // Undispatched, a delay counts from now rather than from when the launch is dispatched; a
      // task without delay is still dispatched, never run inside this call.
      val start = if (delay > 0) CoroutineStart.UNDISPATCHED else CoroutineStart.DEFAULT
      val job =
        backgroundScope.launch(start = start) {
          delay(delay)
          task.run()
        }
      return FakeScheduler.Scheduled { job.cancel() }
    }

    override fun nowMillis(): Long = testScheduler.currentTime
  }
