package app.lumen.download.internal;

/** Unwinds a worker thread after {@link StopSignal#request}; never escapes the library. */
public final class StoppedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final StopSignal.Kind kind;

  public StoppedException(StopSignal.Kind kind) {
    super(kind.name(), null, false, false);
    this.kind = kind;
  }

  public StopSignal.Kind kind() {
    return kind;
  }
}
