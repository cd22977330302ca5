package app.lumen.inference;

import java.util.Locale;

/** The stages a request goes through, in order, as reported to {@link PhaseListener}. */
public enum Phase {
  /** Reading a model package and creating its graph sessions. */
  LOADING,
  /** Running the vision encoder on the request's images. */
  ENCODING_IMAGE,
  /** Running the decoder over the prompt tokens not already in the cache. */
  PREFILL,
  /** Producing new tokens one at a time. */
  DECODE;

  /** The lower-case name used in CLI JSON ({@code "encoding_image"}). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
