package app.lumen.inference;

/**
 * Running totals of the time a {@link LoadedModel} spent inside ONNX Runtime graph runs (the
 * embedding and decoder graphs of every generation of every session). Benchmarks read it before and
 * after a stretch of work: the wall time of that stretch minus the graph time is the engine's own
 * cost (building inputs, reading logits, sampling, detokenising, listener calls).
 *
 * <p>Threading: safe to read from any thread while generations run; the two totals are read
 * independently, so a reading taken during a run may count that run in one and not yet in the
 * other.
 *
 * <p>Errors: none; the totals stay readable after the model is closed.
 */
public interface GraphRunStats {

  /** Totals that stay zero, for models that do not measure their graph runs. */
  GraphRunStats NONE =
      new GraphRunStats() {
        @Override
        public long runNanos() {
          return 0;
        }

        @Override
        public long runs() {
          return 0;
        }
      };

  /** Nanoseconds spent in graph runs since the model was loaded. */
  long runNanos();

  /** Number of graph runs since the model was loaded. */
  long runs();
}
