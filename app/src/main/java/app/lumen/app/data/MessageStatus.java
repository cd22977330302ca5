package app.lumen.app.data;

/** Where a message is in its life. Stored by name. */
public enum MessageStatus {
  /** An answer being generated; checkpointed while it grows. */
  STREAMING,
  /** Finished (user messages are always complete). */
  COMPLETE,
  /** Stopped by the user; the text so far is kept. */
  CANCELLED,
  /** The engine failed; {@code error} says why, the text so far is kept. */
  FAILED,
  /** The app died while it streamed; the last checkpoint is kept and can be continued. */
  INTERRUPTED
}
