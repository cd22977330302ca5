package app.lumen.inference.testing;

import app.lumen.inference.FinishReason;
import app.lumen.inference.GenerationException;
import app.lumen.inference.GenerationListener;
import app.lumen.inference.GenerationRequest;
import app.lumen.inference.GenerationResult;
import app.lumen.inference.GenerationStats;
import app.lumen.inference.InferenceException;
import app.lumen.inference.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One generation playing its script as a chain of steps on a scheduler: every delay hands the rest
 * of the script to the scheduler, so a virtual clock can make the delay pass. Steps never overlap.
 * {@link #cancel} may come from any thread and ends the current delay at once; the generation then
 * finishes as cancelled, leaving the session reusable.
 */
final class FakePlayback {
  final CompletableFuture<GenerationResult> result = new CompletableFuture<>();
  private final FakeChatSession session;
  private final FakeInferenceEngine engine;
  private final GenerationRequest request;
  private final GenerationListener listener;
  private final FakeScheduler scheduler;

  // Touched by the steps only, which run one at a time.
  private FakeScript script;
  private long start;
  private int promptTokens;
  private int reused;
  // -1: no image to encode (as the real engine, which only encodes images it has not cached)
  private double imageMillis = -1;
  private final List<Integer> ids = new ArrayList<>();
  private final StringBuilder text = new StringBuilder();
  private final StringBuilder thinking = new StringBuilder();
  private boolean thought;
  private double ttft;
  private int next;
  private boolean stopped;
  private boolean ended;

  // Shared with cancel(), under this playback's lock.
  private boolean cancelRequested;
  private long delays; // how many so far: the number of the current one tells a stale timer
  private long waitingFor = -1;
  private Runnable afterWait;
  private FakeScheduler.Scheduled timer;

  FakePlayback(
      FakeChatSession session,
      FakeInferenceEngine engine,
      GenerationRequest request,
      GenerationListener listener,
      FakeScheduler scheduler) {
    this.session = session;
    this.engine = engine;
    this.request = request;
    this.listener = listener;
    this.scheduler = scheduler;
  }

  void start() {
    scheduler.schedule(0, () -> step(this::open));
  }

  void cancel() {
    Runnable then;
    synchronized (this) {
      if (cancelRequested) {
        return;
      }
      cancelRequested = true;
      if (afterWait == null) {
        return; // no delay running: the current step sees the request before the next one
      }
      then = afterWait;
      afterWait = null;
      waitingFor = -1;
      timer.cancel();
    }
    scheduler.schedule(
        0,
        () ->
            step(
                () -> {
                  stopped = true;
                  then.run();
                }));
  }

  private void open() {
    script = engine.nextScript(request);
    start = scheduler.nowMillis();
    promptTokens = FakeChatSession.tokens(request.messages());
    reused = session.commonPrefixTokens(request.messages());
    if (session.hasNewImages(request.messages())) {
      imageMillis = script.imageEncodeMillis();
      listener.onPhaseStarted(Phase.ENCODING_IMAGE);
      after(
          script.imageEncodeMillis(),
          () -> {
            listener.onPhase(Phase.ENCODING_IMAGE, imageMillis);
            prefill();
          });
    } else {
      prefill();
    }
  }

  private void prefill() {
    listener.onPhaseStarted(Phase.PREFILL);
    after(
        script.prefillMillis(),
        () -> {
          listener.onPhase(Phase.PREFILL, script.prefillMillis());
          listener.onPhaseStarted(Phase.DECODE);
          decode();
        });
  }

  /** Streams the chunks from the next one on, a delay before each, then finishes. */
  private void decode() {
    List<FakeScript.Chunk> chunks = script.chunks();
    while (!stopped) {
      if (next == script.failAfterTokens()) {
        throw new FakeFailure(script.failureMessage());
      }
      if (next == chunks.size()) {
        break;
      }
      if (!isOver(script.tokenDelayMillis(), this::emitAndDecode)) {
        return; // emitAndDecode goes on when the delay has passed
      }
      if (stopped) {
        break;
      }
      emit(chunks.get(next++));
    }
    finish();
  }

  private void emitAndDecode() {
    if (!stopped) {
      emit(script.chunks().get(next++));
    }
    decode();
  }

  private void emit(FakeScript.Chunk chunk) {
    ids.add(chunk.tokenId());
    (chunk.thinking() ? thinking : text).append(chunk.text());
    thought |= chunk.thinking();
    if (ids.size() == 1) {
      ttft = elapsedMillis();
    }
    listener.onToken(chunk.tokenId(), chunk.text(), chunk.thinking());
  }

  /** Runs {@code then} once {@code millis} have passed, or at once when cancelled. */
  private void after(long millis, Runnable then) {
    if (isOver(millis, then)) {
      then.run();
    }
  }

  /**
   * Whether a delay of {@code millis} is over already (none, or cancelled); if not, {@code then} is
   * scheduled for when it is.
   */
  private boolean isOver(long millis, Runnable then) {
    synchronized (this) {
      if (!cancelRequested && millis > 0) {
        long delay = delays++;
        timer = scheduler.schedule(millis, () -> resume(delay));
        waitingFor = delay;
        afterWait = then;
        return false;
      }
      stopped |= cancelRequested;
      return true;
    }
  }

  private void resume(long delay) {
    Runnable then;
    synchronized (this) {
      if (waitingFor != delay) {
        return; // cancelled meanwhile: cancel() took over
      }
      then = afterWait;
      afterWait = null;
      waitingFor = -1;
    }
    step(then);
  }

  /** Runs one step; a failure in it ends the generation through onFailed. */
  private void step(Runnable body) {
    if (ended) {
      return;
    }
    try {
      body.run();
    } catch (RuntimeException e) {
      if (ended) {
        throw e;
      }
      fail(e);
    }
  }

  private void finish() {
    FinishReason finish = stopped ? FinishReason.CANCELLED : script.finishReason();
    listener.onPhase(Phase.DECODE, elapsedMillis() - ttft);
    GenerationResult done = result(finish);
    end(() -> listener.onFinished(done), () -> result.complete(done));
  }

  private void fail(RuntimeException e) {
    GenerationException failure =
        e instanceof GenerationException g
            ? g
            : new GenerationException(
                String.valueOf(e.getMessage()), e, result(FinishReason.ERROR));
    end(() -> listener.onFailed(failure), () -> result.completeExceptionally(failure));
  }

  /**
   * Frees the session <em>before</em> the terminal callback ({@code report}), so a listener or
   * awaiting caller may start the next generation at once; a callback that throws fails the result
   * with what it threw.
   */
  private void end(Runnable report, Runnable complete) {
    session.remember(request.messages(), text);
    ended = true;
    session.end();
    try {
      report.run();
    } catch (RuntimeException | Error e) {
      result.completeExceptionally(e);
      return;
    }
    complete.run();
  }

  private double elapsedMillis() {
    return scheduler.nowMillis() - start;
  }

  private GenerationResult result(FinishReason finish) {
    GenerationStats stats =
        new GenerationStats(
            promptTokens,
            promptTokens - reused,
            reused,
            0,
            ids.size(),
            ttft,
            0,
            0,
            Math.max(0, imageMillis),
            session.providerChoice().used().id(),
            session.providerChoice().fallbackReason());
    return new GenerationResult(
        ids, text.toString(), thought ? thinking.toString() : null, finish, stats);
  }

  /** The scripted failure, before it is wrapped with the partial result. */
  private static final class FakeFailure extends InferenceException {
    FakeFailure(String message) {
      super(message);
    }
  }
}
