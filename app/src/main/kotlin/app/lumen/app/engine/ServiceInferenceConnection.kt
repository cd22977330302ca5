package app.lumen.app.engine

import android.content.ComponentName
import android.content.Context
import android.content.Intent
import android.content.ServiceConnection
import android.os.IBinder
import app.lumen.inference.GenerationRequest
import app.lumen.inference.LoadedModel
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.launch

/**
 * [InferenceConnection] through [InferenceService]: binds on the first generation (so merely
 * opening the app loads nothing) and stays bound for the life of the process.
 */
class ServiceInferenceConnection(
  private val context: Context,
  private val locator: ModelLocator,
  private val scope: CoroutineScope,
) : InferenceConnection {
  private val _state = MutableStateFlow(stateWithoutService())
  override val state: StateFlow<EngineState> = _state.asStateFlow()

  @Volatile private var host = CompletableDeferred<EngineHost>()
  private var bound = false
  private var mirror: Job? = null

  private val connection =
    object : ServiceConnection {
      override fun onServiceConnected(name: ComponentName, binder: IBinder) {
        val connected = (binder as? InferenceService.LocalBinder)?.host ?: return
        host.complete(connected)
        mirror?.cancel()
        mirror = scope.launch { connected.state.collect { _state.value = it } }
      }

      override fun onServiceDisconnected(name: ComponentName) {
        mirror?.cancel()
        host = CompletableDeferred()
        _state.value = stateWithoutService()
      }
    }

  override fun generate(
    conversationId: Long,
    loadAnyway: Boolean,
    request: (LoadedModel) -> GenerationRequest,
  ): Flow<GenerationEvent> = flow {
    val connected = bind()
    if (connected == null) {
      emit(GenerationEvent.Failed(EngineHost.failure(SERVICE_MISSING, null)))
    } else {
      emitAll(connected.generate(conversationId, loadAnyway, request))
    }
  }

  override fun stop() {
    if (host.isCompleted) host.getCompleted().stop()
  }

  override fun refresh() {
    if (host.isCompleted) host.getCompleted().refresh() else _state.value = stateWithoutService()
  }

  /** The service's engine host, or null when the system refuses to bind the service. */
  private suspend fun bind(): EngineHost? {
    synchronized(this) {
      if (!bound) {
        bound =
          context.bindService(
            Intent(context, InferenceService::class.java),
            connection,
            Context.BIND_AUTO_CREATE,
          )
        if (!bound) return null
      }
    }
    return host.await()
  }

  private fun stateWithoutService(): EngineState =
    if (locator.installedModel() == null) EngineState.NoModel else EngineState.Unloaded

  private companion object {
    const val SERVICE_MISSING = "The model service could not be started. Restart the app and retry."
  }
}
