/**
 * The engine API: load a model package, hold conversations, stream answers.
 *
 * <p>One {@link app.lumen.inference.InferenceEngine} per process (on Android, owned by the
 * foreground service) loads {@link app.lumen.inference.LoadedModel}s; each conversation is a {@link
 * app.lumen.inference.ChatSession} holding its cache. Every request carries the whole conversation
 * and the session reuses whatever prefix it already holds.
 *
 * <pre>{@code
 * // Kotlin, in a view model or service
 * fun answer(session: ChatSession, history: List<ChatMessage>): Flow<GenerationEvent> =
 *     callbackFlow {
 *       val handle = session.generateAsync(
 *           GenerationRequest.builder(history).maxNewTokens(512).build(),
 *           object : GenerationListener {
 *             override fun onPhaseStarted(phase: Phase) { trySend(GenerationEvent.Phase(phase)) }
 *             override fun onToken(tokenId: Int, textDelta: String, thinking: Boolean) {
 *               trySend(GenerationEvent.Token(textDelta, thinking))
 *             }
 *             override fun onFinished(result: GenerationResult) {
 *               trySend(GenerationEvent.Done(result)); close()
 *             }
 *             override fun onFailed(error: GenerationException) { close(error) }
 *           })
 *       awaitClose { handle.cancel() } // collector gone: stop before the next token
 *     }
 * }</pre>
 *
 * <p>Tests of code written against this API use {@code FakeInferenceEngine} from the {@code
 * inference-testing} module.
 */
package app.lumen.inference;
