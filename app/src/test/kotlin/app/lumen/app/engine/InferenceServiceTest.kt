package app.lumen.app.engine

import android.app.Notification
import android.content.ComponentCallbacks2
import android.content.Intent
import androidx.test.core.app.ApplicationProvider
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.VirtualClock
import app.lumen.inference.ChatMessage
import app.lumen.inference.FinishReason
import app.lumen.inference.GenerationRequest
import app.lumen.inference.testing.FakeInferenceEngine
import app.lumen.inference.testing.FakeScript
import java.io.File
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

  @Before
  fun installFakeModel() {
    InferenceService.engineFactory = { engine }
    InferenceService.engineDispatcher = Dispatchers.Main
    val dir = File(InferenceService.modelsDir(ApplicationProvider.getApplicationContext()), "fake")
    dir.mkdirs()
    File(dir, ModelLocator.MANIFEST).writeText("{}")
  }

  @After
  fun restore() {
    InferenceService.engineFactory = originalFactory
    InferenceService.engineDispatcher = originalDispatcher
    scope.cancel()
  }

  @Test
  fun generation_runsInTheForeground_withAStopActionThatCancelsIt() {
    val controller = Robolectric.buildService(InferenceService::class.java).create()
    val service = controller.get()
    val host = (service.onBind(Intent()) as InferenceService.LocalBinder).host
    val script = FakeScript.builder().tokenDelayMillis(40)
    repeat(200) { script.token("t ") }
    engine.enqueue(script.build())

    val running =
      scope.async {
        host
          .generate(1) { GenerationRequest.builder(listOf(ChatMessage.user("Hi"))).build() }
          .toList()
      }
    clock.runUntil { shadowOf(service).lastForegroundNotification != null }
    val notification: Notification = shadowOf(service).lastForegroundNotification
    assertEquals("Writing an answer", notification.extras.getString(Notification.EXTRA_TITLE))
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
    val controller = Robolectric.buildService(InferenceService::class.java).create()
    val service = controller.get()
    val host = (service.onBind(Intent()) as InferenceService.LocalBinder).host
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
