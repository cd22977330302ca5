package app.lumen.app.engine

import android.app.Notification
import android.app.NotificationManager
import android.content.ComponentCallbacks2
import android.content.Intent
import android.os.Looper
import android.util.Log
import androidx.test.core.app.ApplicationProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.VirtualClock
import app.lumen.inference.ChatMessage
import app.lumen.inference.FinishReason
import app.lumen.inference.GenerationRequest
import app.lumen.inference.testing.FakeInferenceEngine
import app.lumen.inference.testing.FakeScript
import java.io.File
import java.time.Duration
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.toList
import org.junit.After
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertTrue
import org.junit.Before
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.Shadows.shadowOf
import org.robolectric.android.controller.ServiceController
import org.robolectric.shadows.ShadowLog

/**
 * The bound service: foreground with a Stop action while an answer runs, back after. The service's
 * coroutines, its engine host and the fake engine run on the main looper, the fake's token delays
 * on the test's virtual clock.
 */
@RunWith(AndroidJUnit4::class)
class InferenceServiceTest {
  private val clock = VirtualClock()
  private val engine = FakeInferenceEngine(clock)
  private val scope = CoroutineScope(Dispatchers.Main)
  private val originalFactory = InferenceService.engineFactory
  private val originalDispatcher = InferenceService.engineDispatcher
  private val originalStarter = InferenceService.foregroundStarter
  private val originalMemoryCheck = InferenceService.memoryCheck

  @Before
  fun installFakeModel() {
    InferenceService.engineFactory = { engine }
    InferenceService.engineDispatcher = Dispatchers.Main
    InferenceService.memoryCheck = { MemoryCheck.UNCHECKED }
    val dir = File(InferenceService.modelsDir(ApplicationProvider.getApplicationContext()), "fake")
    dir.mkdirs()
    File(dir, ModelLocator.MANIFEST).writeText("{}")
  }

  @After
  fun restore() {
    InferenceService.engineFactory = originalFactory
    InferenceService.engineDispatcher = originalDispatcher
    InferenceService.foregroundStarter = originalStarter
    InferenceService.memoryCheck = originalMemoryCheck
    scope.cancel()
  }

  @Test
  fun generation_runsInTheForeground_withAStopActionThatCancelsIt() {
    val (controller, service, host) = startService()
    val script = FakeScript.builder().tokenDelayMillis(40)
    repeat(200) { script.token("t ") }
    engine.enqueue(script.build())

    val running =
      scope.async {
        host
          .generate(1) { GenerationRequest.builder(listOf(ChatMessage.user("Hi"))).build() }
          .toList()
      }
    clock.runUntil { shown()?.title() == "Writing an answer" }
    val notification: Notification = shown()!!
    val stop = notification.actions.single()
    assertEquals("Stop", stop.title.toString())

    // The notification's Stop action delivers this intent to the service.
    val stopIntent = shadowOf(stop.actionIntent).savedIntent
    assertEquals(InferenceService.ACTION_STOP, stopIntent.action)
    controller.withIntent(stopIntent).startCommand(0, 1)

    clock.runUntil { running.isCompleted }
    val finished = running.getCompleted().last() as GenerationEvent.Finished
    assertEquals(FinishReason.CANCELLED, finished.result.finishReason())
    clock.runUntil { shadowOf(service).isForegroundStopped }
    assertTrue(shadowOf(service).isStoppedBySelf)
    controller.destroy()
  }

  @Test
  fun answer_isInTheForegroundWhileTheModelLoads_andLeavesItWhenTheAnswerEnds() {
    val (controller, service, host) = startService()
    var duringLoad: Notification? = null
    engine.duringNextLoad { duringLoad = shadowOf(service).lastForegroundNotification }

    val running = scope.async { host.generate(1) { question() }.toList() }
    clock.runUntil { running.isCompleted }
    val loading = checkNotNull(duringLoad) { "not in the foreground while the model loaded" }
    assertEquals("Loading the model", loading.title())
    assertEquals("Stop", loading.actions.single().title.toString())
    assertTrue(running.getCompleted().last() is GenerationEvent.Finished)
    clock.runUntil { shadowOf(service).isForegroundStopped }
    controller.destroy()
  }

  @Test
  fun stopWhileTheModelLoads_cancelsTheAnswer_keepsTheModel_andLeavesTheForeground() {
    val (controller, service, host) = startService()
    var stopped = false
    engine.duringNextLoad {
      // The user taps Stop in the loading notification.
      val stop =
        shadowOf(service).lastForegroundNotification?.actions?.single() ?: return@duringNextLoad
      service.onStartCommand(shadowOf(stop.actionIntent).savedIntent, 0, 1)
      stopped = true
    }

    val running = scope.async { host.generate(1) { question() }.toList() }
    clock.runUntil { running.isCompleted }
    assertTrue("Stop was offered while loading", stopped)
    val finished = running.getCompleted().last() as GenerationEvent.Finished
    assertEquals(FinishReason.CANCELLED, finished.result.finishReason())
    clock.runUntil { shadowOf(service).isForegroundStopped }
    clock.runCurrent()
    assertEquals(false, (host.state.value as EngineState.Ready).generating)
    assertEquals(1, engine.openModels())
    controller.destroy()
  }

  @Test
  fun progress_isShownAtMostOncePerInterval() {
    val (controller, service, host) = startService()
    val script = FakeScript.builder().tokenDelayMillis(40)
    repeat(200) { script.token("t ") }
    engine.enqueue(script.build())

    val running = scope.async { host.generate(1) { question() }.toList() }
    clock.runUntil { shown()?.title() == "Writing an answer" }
    val first = shown()!!.text()
    clock.runUntil { host.generatedTokens.value >= 10 }
    assertEquals("ten tokens within one interval change nothing", first, shown()!!.text())
    // The interval passes on the main looper's clock: the count then shown is the latest.
    shadowOf(Looper.getMainLooper()).idleFor(Duration.ofSeconds(1))
    assertEquals("${host.generatedTokens.value} tokens so far", shown()!!.text())
    host.stop()
    clock.runUntil { running.isCompleted }
    controller.destroy()
  }

  @Test
  fun refusedForeground_isLogged_andTheAnswerStillRuns() {
    // What the system does once the app is in the background (ForegroundServiceStartNotAllowed).
    var asked = 0
    InferenceService.foregroundStarter = { _, _, _, _ ->
      asked++
      throw IllegalStateException("startForeground() not allowed")
    }
    val (controller, service, host) = startService()

    val running = scope.async { host.generate(1) { question() }.toList() }
    clock.runUntil { running.isCompleted }
    val finished = running.getCompleted().last() as GenerationEvent.Finished
    assertEquals(FinishReason.STOP_TOKEN, finished.result.finishReason())
    val warnings = ShadowLog.getLogsForTag(InferenceService.TAG).filter { it.type == Log.WARN }
    assertTrue(warnings.single().throwable is IllegalStateException)
    assertEquals("asked once for the answer, not at every update", 1, asked)
    controller.destroy()
  }

  private data class Started(
    val controller: ServiceController<InferenceService>,
    val service: InferenceService,
    val host: EngineHost,
  )

  /** Creates the service and binds to it, as the app does at its first question. */
  private fun startService(): Started {
    val controller = Robolectric.buildService(InferenceService::class.java).create()
    val service = controller.get()
    return Started(
      controller,
      service,
      (service.onBind(Intent()) as InferenceService.LocalBinder).host,
    )
  }

  private fun question() = GenerationRequest.builder(listOf(ChatMessage.user("Hi"))).build()

  /** The service's notification as the user sees it now. */
  private fun shown(): Notification? =
    shadowOf(
        ApplicationProvider.getApplicationContext<android.content.Context>()
          .getSystemService(NotificationManager::class.java)
      )
      .getNotification(InferenceService.NOTIFICATION_ID)

  private fun Notification.title() = extras.getString(Notification.EXTRA_TITLE)

  private fun Notification.text() = extras.getCharSequence(Notification.EXTRA_TEXT)?.toString()

  @Test
  fun trimMemory_uiHidden_keepsTheModel() {
    // Pressing Home or locking the screen sends UI_HIDDEN; the next question must not reload.
    assertTrimKeeps(ComponentCallbacks2.TRIM_MEMORY_UI_HIDDEN)
  }

  @Test
  fun trimMemory_background_unloadsTheModel() {
    assertTrimUnloads(ComponentCallbacks2.TRIM_MEMORY_BACKGROUND)
  }

  @Test
  fun trimMemory_moderate_unloadsTheModel() {
    @Suppress("DEPRECATION") assertTrimUnloads(ComponentCallbacks2.TRIM_MEMORY_MODERATE)
  }

  @Test
  fun trimMemory_complete_unloadsTheModel() {
    @Suppress("DEPRECATION") assertTrimUnloads(ComponentCallbacks2.TRIM_MEMORY_COMPLETE)
  }

  @Test
  fun trimMemory_runningModerate_keepsTheModel() {
    @Suppress("DEPRECATION") assertTrimKeeps(ComponentCallbacks2.TRIM_MEMORY_RUNNING_MODERATE)
  }

  @Test
  fun trimMemory_runningLow_keepsTheModel() {
    @Suppress("DEPRECATION") assertTrimKeeps(ComponentCallbacks2.TRIM_MEMORY_RUNNING_LOW)
  }

  @Test
  fun trimMemory_runningCritical_unloadsTheModel() {
    @Suppress("DEPRECATION") assertTrimUnloads(ComponentCallbacks2.TRIM_MEMORY_RUNNING_CRITICAL)
  }

  @Test
  fun lowMemory_unloadsTheModel() {
    withLoadedModel { service, host ->
      service.onLowMemory()
      assertEquals(EngineState.Unloaded, host.state.value)
    }
  }

  private fun assertTrimKeeps(level: Int) = withLoadedModel { service, host ->
    service.onTrimMemory(level)
    assertTrue(host.state.value is EngineState.Ready)
  }

  private fun assertTrimUnloads(level: Int) = withLoadedModel { service, host ->
    service.onTrimMemory(level)
    assertEquals(EngineState.Unloaded, host.state.value)
  }

  /** Starts the service, loads the fake model with one answer, then runs [check]. */
  private fun withLoadedModel(check: (InferenceService, EngineHost) -> Unit) {
    val (controller, service, host) = startService()
    val done =
      scope.async {
        host
          .generate(1) { GenerationRequest.builder(listOf(ChatMessage.user("Hi"))).build() }
          .toList()
      }
    clock.runUntil { done.isCompleted }
    assertNotNull(host.state.value as? EngineState.Ready)
    check(service, host)
    controller.destroy()
  }
}
