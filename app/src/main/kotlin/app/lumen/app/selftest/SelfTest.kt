package app.lumen.app.selftest

import app.lumen.inference.ChatMessage
import app.lumen.inference.ChatSession
import app.lumen.inference.EngineOptions
import app.lumen.inference.ExecutionProvider
import app.lumen.inference.GenerationException
import app.lumen.inference.GenerationListener
import app.lumen.inference.GenerationRequest
import app.lumen.inference.GenerationResult
import app.lumen.inference.InferenceEngine
import app.lumen.inference.ModelLoadException
import app.lumen.inference.SamplingParams
import app.lumen.pkg.ModelFamily
import app.lumen.testkit.TinyPackageGenerator
import java.io.File
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.suspendCancellableCoroutine

/** How one execution provider did in the self-test. */
data class ProviderResult(
  val requested: ExecutionProvider,
  /** The provider that ran the model; null when it did not load. */
  val used: ExecutionProvider?,
  /** Why [used] is not [requested]; null when it is. */
  val fallbackReason: String?,
  val loadMillis: Double,
  /** Decode speed after the first token. */
  val tokensPerSecond: Double,
  val tokenIds: List<Int>,
  /** Whether the greedy ids equal CPU's for the same prompt; null for CPU or without CPU's ids. */
  val matchesCpu: Boolean?,
  /** Why it failed; null when it passed. */
  val failure: String?,
) {
  val passed: Boolean
    get() = failure == null
}

/** Where a running self-test is. */
data class SelfTestProgress(
  /** The provider being tried; null while the test model is written. */
  val current: ExecutionProvider?,
  /** Results of the providers finished so far, in order. */
  val finished: List<ProviderResult>,
  /** How many providers the run tries (0 until the runner says). */
  val total: Int,
)

/** Runs a self-test; the seam between [SelfTestViewModel] and the engine. */
fun interface SelfTestRunner {
  /**
   * Runs the test, calling [onProgress] (from the calling thread) before each step, and returns one
   * result per provider. A provider that fails to load or to generate is a failed result, not an
   * exception. Blocks the calling thread between suspension points: call it from a background
   * dispatcher. Cancellation stops it before the next step and cancels a running generation.
   *
   * @throws java.io.IOException when the test model cannot be written (a full disk, say)
   * @throws IllegalStateException when ONNX Runtime cannot start at all (no natives for this ABI)
   */
  suspend fun run(onProgress: (SelfTestProgress) -> Unit): List<ProviderResult>
}

/**
 * The on-phone self-test: writes testkit's tiny random-weight package into [workDir], loads it
 * through the real engine once per provider (CPU first), and generates [tokens] greedy tokens.
 *
 * A provider passes when it generates every requested token without an error; the engine fails a
 * generation whose logits hold NaN or +∞, so a pass also means finite logits. Whether the ids equal
 * CPU's is reported but does not fail a provider: float16 on NNAPI, or XNNPACK's other summation
 * order, may legitimately flip a near tie between random weights.
 *
 * Each provider gets its own short-lived engine (providers are an engine option), closed before the
 * next one starts; the app's chat engine is not touched. Not thread-safe: one run at a time.
 */
class SelfTest(
  private val workDir: File,
  private val providers: List<ExecutionProvider> = ExecutionProvider.entries,
  private val tokens: Int = DEFAULT_TOKENS,
  private val engines: (EngineOptions) -> InferenceEngine = { InferenceEngine.create(it) },
) : SelfTestRunner {

  override suspend fun run(onProgress: (SelfTestProgress) -> Unit): List<ProviderResult> {
    val order = providers.sortedBy { it != ExecutionProvider.CPU }
    onProgress(SelfTestProgress(null, emptyList(), order.size))
    val packageDir = File(workDir, PACKAGE_FOLDER)
    // Written afresh every run: a run cancelled mid-write leaves a folder not worth checking.
    packageDir.deleteRecursively()
    TinyPackageGenerator.generate(packageDir.toPath(), SEED, ModelFamily.QWEN3_VL)
    val results = mutableListOf<ProviderResult>()
    var cpuIds: List<Int>? = null
    for (provider in order) {
      currentCoroutineContext().ensureActive()
      onProgress(SelfTestProgress(provider, results.toList(), order.size))
      val result = runOn(packageDir, provider, cpuIds)
      if (provider == ExecutionProvider.CPU && result.passed) cpuIds = result.tokenIds
      results += result
    }
    return results
  }

  private suspend fun runOn(
    packageDir: File,
    provider: ExecutionProvider,
    cpuIds: List<Int>?,
  ): ProviderResult {
    val engine =
      try {
        engines(EngineOptions.builder().provider(provider).build())
      } catch (e: LinkageError) {
        // No ONNX Runtime natives for this device: no provider can run, so the run itself fails.
        throw IllegalStateException("ONNX Runtime cannot start on this device: ${e.message}", e)
      }
    engine.use {
      val start = System.nanoTime()
      val model =
        try {
          engine.load(packageDir.toPath())
        } catch (e: ModelLoadException) {
          return ProviderResult(
            provider,
            null,
            null,
            0.0,
            0.0,
            emptyList(),
            null,
            "load: ${e.message}",
          )
        }
      val loadMillis = (System.nanoTime() - start) / 1e6
      val choice = model.providerChoice()
      fun result(ids: List<Int>, tokensPerSecond: Double, failure: String?) =
        ProviderResult(
          requested = provider,
          used = choice.used(),
          fallbackReason = choice.fallbackReason(),
          loadMillis = loadMillis,
          tokensPerSecond = tokensPerSecond,
          tokenIds = ids,
          matchesCpu = if (provider == ExecutionProvider.CPU) null else cpuIds?.let { it == ids },
          failure = failure,
        )
      val generated =
        try {
          model.newSession().use { generate(it) }
        } catch (e: GenerationException) {
          return result(e.partialResult()?.tokenIds().orEmpty(), 0.0, "generation: ${e.message}")
        }
      val ids = generated.tokenIds()
      return result(
        ids,
        generated.stats().decodeTokensPerSecond(),
        if (ids.size == tokens) null
        else "generated ${ids.size} of $tokens tokens (${generated.finishReason().id()})",
      )
    }
  }

  /** Greedy [tokens] tokens; cancelling the coroutine cancels the generation. */
  private suspend fun generate(session: ChatSession): GenerationResult =
    suspendCancellableCoroutine { continuation ->
      val request =
        GenerationRequest.builder(listOf(ChatMessage.user(PROMPT)))
          .sampling(SamplingParams.GREEDY)
          .maxNewTokens(tokens)
          .build()
      val handle =
        session.generateAsync(
          request,
          object : GenerationListener {
            override fun onFinished(result: GenerationResult) = continuation.resume(result)

            override fun onFailed(error: GenerationException) =
              continuation.resumeWithException(error)
          },
        )
      continuation.invokeOnCancellation { handle.cancel() }
    }

  companion object {
    /** Enough tokens for a decode rate, few enough to finish in a moment on any phone. */
    const val DEFAULT_TOKENS = 16
    /** The tiny package of this seed does not reach an end token within [DEFAULT_TOKENS]. */
    const val SEED = 7L
    const val PROMPT = "Describe a lighthouse at night."
    const val PACKAGE_FOLDER = "tiny-qwen3-vl"
  }
}
