package app.lumen.inference;

/**
 * Receives phase boundaries. Every method has a no-op default so implementations override only what
 * they need.
 *
 * <p>Threading: called on the thread doing the work (the loading thread, or the thread running the
 * generation); keep implementations short and non-blocking, and hand off to a UI thread yourself.
 * An exception thrown by a listener aborts the operation it reports on.
 */
public interface PhaseListener {

  /** A listener that ignores everything. */
  PhaseListener NONE = new PhaseListener() {};

  /** {@code phase} begins. */
  default void onPhaseStarted(Phase phase) {}

  /** {@code phase} ended after {@code millis} milliseconds of wall time. */
  default void onPhase(Phase phase, double millis) {}
}
