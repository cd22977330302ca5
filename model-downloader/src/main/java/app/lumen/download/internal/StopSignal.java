package app.lumen.download.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;

/**
 * Pause or cancel request shared by every thread of one task. Setting it aborts the in-flight HTTP
 * calls, so a blocked read returns at once. Thread-safe.
 */
public final class StopSignal {
  /** Why the task is stopping. */
  public enum Kind {
    PAUSE,
    CANCEL
  }

  private volatile Kind kind;
  private final Set<Call> calls = ConcurrentHashMap.newKeySet();

  public void request(Kind requested) {
    synchronized (this) {
      if (kind == null || requested == Kind.CANCEL) {
        kind = requested;
      }
    }
    for (Call call : calls) {
      call.cancel();
    }
  }

  public Kind kind() {
    return kind;
  }

  public boolean isStopping() {
    return kind != null;
  }

  public void check() throws StoppedException {
    if (kind != null) {
      throw new StoppedException(kind);
    }
  }

  void register(Call call) {
    calls.add(call);
    if (kind != null) {
      call.cancel();
    }
  }

  void unregister(Call call) {
    calls.remove(call);
  }
}
