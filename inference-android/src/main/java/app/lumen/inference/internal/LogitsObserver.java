package app.lumen.inference.internal;

/** Sees every logits row the generator samples from, before any penalty (for golden tests). */
interface LogitsObserver {
  LogitsObserver NONE = (position, logits) -> {};

  /**
   * @param position index in the sequence of the token whose logits these are
   * @param logits a copy the observer may keep
   */
  void onLogits(int position, float[] logits);
}
