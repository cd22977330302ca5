package app.lumen.app.selftest

import androidx.lifecycle.ViewModel
import androidx.lifecycle.ViewModelProvider
import androidx.lifecycle.ViewModelStore
import app.lumen.inference.ExecutionProvider
import java.io.IOException
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.delay
import kotlinx.coroutines.test.StandardTestDispatcher
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.advanceUntilIdle
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.resetMain
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.test.setMain
import org.junit.After
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Before
import org.junit.Test

/**
 * The ViewModel on virtual time with a scripted runner: every step is observed, none waited for.
 */
@OptIn(ExperimentalCoroutinesApi::class)
class SelfTestViewModelTest {
  private val dispatcher = StandardTestDispatcher()
  private val cpu = result(ExecutionProvider.CPU)
  private val xnnpack = result(ExecutionProvider.XNNPACK)

  @Before fun setMain() = Dispatchers.setMain(dispatcher)

  @After fun resetMain() = Dispatchers.resetMain()

  /** Two providers, [STEP_MILLIS] of virtual time each, after writing the model. */
  private inner class ScriptedRunner(private val failure: Exception? = null) : SelfTestRunner {
    var runs = 0
    var cancelled = false

    override suspend fun run(onProgress: (SelfTestProgress) -> Unit): List<ProviderResult> {
      runs++
      try {
        onProgress(SelfTestProgress(null, emptyList(), 2))
        delay(STEP_MILLIS)
        failure?.let { throw it }
        onProgress(SelfTestProgress(ExecutionProvider.CPU, emptyList(), 2))
        delay(STEP_MILLIS)
        onProgress(SelfTestProgress(ExecutionProvider.XNNPACK, listOf(cpu), 2))
        delay(STEP_MILLIS)
        return listOf(cpu, xnnpack)
      } catch (e: CancellationException) {
        cancelled = true
        throw e
      }
    }
  }

  @Test
  fun run_showsEachStep_thenTheResults() =
    runTest(dispatcher) {
      val runner = ScriptedRunner()
      val vm = SelfTestViewModel(runner, background = dispatcher)
      assertEquals(SelfTestUiState.Idle, vm.uiState.value)

      vm.run()
      assertEquals(running(null, 0, 0), vm.uiState.value)
      runCurrent()
      assertEquals(running(null, 0, 2), vm.uiState.value)
      advanceTimeBy(STEP_MILLIS)
      runCurrent()
      assertEquals(running(ExecutionProvider.CPU, 0, 2), vm.uiState.value)
      advanceTimeBy(STEP_MILLIS)
      runCurrent()
      assertEquals(running(ExecutionProvider.XNNPACK, 1, 2), vm.uiState.value)
      advanceUntilIdle()
      assertEquals(SelfTestUiState.Done(listOf(cpu, xnnpack)), vm.uiState.value)
      assertTrue((vm.uiState.value as SelfTestUiState.Done).allPassed)
      assertEquals(3 * STEP_MILLIS, currentTime)
    }

  @Test
  fun runWhileRunning_isIgnored_andRunAfterDone_startsAgain() =
    runTest(dispatcher) {
      val runner = ScriptedRunner()
      val vm = SelfTestViewModel(runner, background = dispatcher)
      vm.run()
      runCurrent()
      vm.run()
      advanceUntilIdle()
      assertEquals(1, runner.runs)

      vm.run()
      advanceUntilIdle()
      assertEquals(2, runner.runs)
      assertTrue(vm.uiState.value is SelfTestUiState.Done)
    }

  @Test
  fun runnerThatThrows_endsFailedWithItsMessage() =
    runTest(dispatcher) {
      val vm = SelfTestViewModel(ScriptedRunner(IOException("No space left")), dispatcher)
      vm.run()
      advanceUntilIdle()
      assertEquals(SelfTestUiState.Failed("No space left"), vm.uiState.value)
    }

  @Test
  fun cancel_stopsTheRunner_andReturnsToIdle() =
    runTest(dispatcher) {
      val runner = ScriptedRunner()
      val vm = SelfTestViewModel(runner, background = dispatcher)
      vm.run()
      advanceTimeBy(STEP_MILLIS)
      runCurrent()
      vm.cancel()
      runCurrent()
      assertTrue(runner.cancelled)
      assertEquals(SelfTestUiState.Idle, vm.uiState.value)
      advanceUntilIdle()
      assertEquals(SelfTestUiState.Idle, vm.uiState.value)
    }

  @Test
  fun cancelBeforeTheRunStarted_returnsToIdle_withoutRunning() =
    runTest(dispatcher) {
      val runner = ScriptedRunner()
      val vm = SelfTestViewModel(runner, background = dispatcher)
      vm.run()
      vm.cancel()
      advanceUntilIdle()
      assertEquals(0, runner.runs)
      assertEquals(SelfTestUiState.Idle, vm.uiState.value)
    }

  @Test
  fun clearingTheViewModel_cancelsTheRun() =
    runTest(dispatcher) {
      val runner = ScriptedRunner()
      val store = ViewModelStore()
      val vm =
        ViewModelProvider(
          store,
          object : ViewModelProvider.Factory {
            @Suppress("UNCHECKED_CAST")
            override fun <T : ViewModel> create(modelClass: Class<T>): T =
              SelfTestViewModel(runner, dispatcher) as T
          },
        )[SelfTestViewModel::class.java]
      vm.run()
      runCurrent()
      assertFalse(runner.cancelled)
      store.clear()
      runCurrent()
      assertTrue(runner.cancelled)
      assertEquals(SelfTestUiState.Idle, vm.uiState.value)
    }

  private fun running(current: ExecutionProvider?, finished: Int, total: Int) =
    SelfTestUiState.Running(SelfTestProgress(current, listOf(cpu, xnnpack).take(finished), total))

  private companion object {
    const val STEP_MILLIS = 1_000L

    fun result(provider: ExecutionProvider) =
      ProviderResult(provider, provider, null, 12.0, 34.0, listOf(1, 2, 3), null, null)
  }
}
