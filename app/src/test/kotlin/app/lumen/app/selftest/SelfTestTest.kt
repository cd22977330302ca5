package app.lumen.app.selftest

import app.lumen.inference.ExecutionProvider
import app.lumen.inference.FinishReason
import app.lumen.inference.InferenceEngine
import app.lumen.inference.ModelLoadException
import app.lumen.inference.testing.FakeInferenceEngine
import app.lumen.inference.testing.FakeScript
import java.io.File
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Job
import kotlinx.coroutines.async
import kotlinx.coroutines.runBlocking
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

/**
 * The self-test runner with the real engine on the desktop ONNX Runtime jar (CPU only, so XNNPACK
 * and NNAPI fall back), and with a fake engine for the failure paths.
 */
class SelfTestTest {
  @get:Rule val tmp = TemporaryFolder()

  @Test
  fun realEngine_cpuPasses_andXnnpackAndNnapiFallBackToCpuWithTheirReasons() = runBlocking {
    val progress = mutableListOf<SelfTestProgress>()
    val results = SelfTest(tmp.root).run { progress += it }

    assertEquals(
      listOf(ExecutionProvider.CPU, ExecutionProvider.XNNPACK, ExecutionProvider.NNAPI),
      results.map { it.requested },
    )
    val cpu = results[0]
    assertNull(cpu.failure)
    assertEquals(ExecutionProvider.CPU, cpu.used)
    assertNull(cpu.fallbackReason)
    assertEquals(SelfTest.DEFAULT_TOKENS, cpu.tokenIds.size)
    assertNull(cpu.matchesCpu)
    assertTrue(cpu.loadMillis > 0)
    assertTrue(cpu.tokensPerSecond > 0)
    for (other in results.drop(1)) {
      val id = other.requested.id()
      assertTrue(other.failure, other.passed)
      assertEquals(ExecutionProvider.CPU, other.used)
      assertTrue(other.fallbackReason, other.fallbackReason!!.startsWith("$id is not available"))
      assertEquals(true, other.matchesCpu) // the same CPU kernels: the same greedy ids
    }
    assertEquals(
      listOf(null, ExecutionProvider.CPU, ExecutionProvider.XNNPACK, ExecutionProvider.NNAPI),
      progress.map { it.current },
    )
    assertEquals(listOf(0, 0, 1, 2), progress.map { it.finished.size })
    assertTrue(progress.all { it.total == 3 })
    assertTrue(File(tmp.root, SelfTest.PACKAGE_FOLDER).resolve("lumen-package.json").isFile)
  }

  @Test
  fun cancelledDuringAProvider_stopsBeforeTheNext_andClosesItsEngine() = runBlocking {
    val engines = mutableListOf<Tracked>()
    val runner =
      SelfTest(
        tmp.root,
        tokens = 4,
        engines = { Tracked(InferenceEngine.create(it)).also(engines::add) },
      )
    val seen = mutableListOf<ExecutionProvider?>()
    val run = async {
      runner.run { progress ->
        seen += progress.current
        if (progress.current == ExecutionProvider.XNNPACK) coroutineContext[Job]!!.cancel()
      }
    }
    val outcome = runCatching { run.await() }

    assertTrue(outcome.exceptionOrNull() is CancellationException)
    assertEquals(listOf(null, ExecutionProvider.CPU, ExecutionProvider.XNNPACK), seen)
    assertEquals(2, engines.size)
    assertTrue(engines.all { it.closed })
  }

  @Test
  fun modelThatDoesNotLoad_isAFailedResult_andTheOthersStillRun() = runBlocking {
    val results =
      SelfTest(
          tmp.root,
          providers = listOf(ExecutionProvider.NNAPI, ExecutionProvider.CPU),
          tokens = 2,
          engines = { options ->
            FakeInferenceEngine().setDefaultScript(FakeScript.answer("a", "b")).also {
              if (options.provider() == ExecutionProvider.NNAPI) {
                it.failNextLoad(ModelLoadException("driver crashed"))
              }
            }
          },
        )
        .run {}

    assertEquals(
      listOf(ExecutionProvider.CPU, ExecutionProvider.NNAPI),
      results.map { it.requested },
    )
    assertTrue(results[0].passed)
    assertFalse(results[1].passed)
    assertNull(results[1].used)
    assertEquals("load: driver crashed", results[1].failure)
  }

  @Test
  fun fewerTokensThanAsked_orAFailedGeneration_fails() = runBlocking {
    val scripts =
      ArrayDeque(
        listOf(
          FakeScript.answer("only", "two"),
          FakeScript.builder().token("x").token("y").token("z").failAfter(2, "NaN logits").build(),
        )
      )
    val results =
      SelfTest(
          tmp.root,
          providers = listOf(ExecutionProvider.CPU, ExecutionProvider.XNNPACK),
          tokens = 3,
          engines = { FakeInferenceEngine().setDefaultScript(scripts.removeFirst()) },
        )
        .run {}

    assertEquals("generated 2 of 3 tokens (${FinishReason.STOP_TOKEN.id()})", results[0].failure)
    assertFalse(results[1].passed)
    assertTrue(results[1].failure, results[1].failure!!.startsWith("generation: NaN logits"))
    assertNull("no CPU ids to compare with", results[1].matchesCpu)
  }

  /** An engine that records whether it was closed. */
  private class Tracked(private val inner: InferenceEngine) : InferenceEngine by inner {
    @Volatile var closed = false

    override fun close() {
      closed = true
      inner.close()
    }
  }
}
