package app.lumen.inference;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A {@link GenerationHandle} over the future of a generation running on another thread. */
final class FutureGenerationHandle implements GenerationHandle {
  private final CompletableFuture<GenerationResult> future;
  private final Runnable cancel;

  FutureGenerationHandle(CompletableFuture<GenerationResult> future, Runnable cancel) {
    this.future = future;
    this.cancel = cancel;
  }

  @Override
  public void cancel() {
    cancel.run();
  }

  @Override
  public boolean isDone() {
    return future.isDone();
  }

  @Override
  public GenerationResult await() throws InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw unwrap(e);
    }
  }

  @Override
  public GenerationResult await(long timeout, TimeUnit unit)
      throws InterruptedException, TimeoutException {
    try {
      return future.get(timeout, unit);
    } catch (ExecutionException e) {
      throw unwrap(e);
    }
  }

  private static RuntimeException unwrap(ExecutionException e) {
    if (e.getCause() instanceof RuntimeException r) {
      return r;
    }
    if (e.getCause() instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(e.getCause());
  }
}
