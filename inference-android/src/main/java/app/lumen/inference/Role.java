package app.lumen.inference;

import java.util.Locale;

/** Who wrote a {@link ChatMessage}. */
public enum Role {
  SYSTEM,
  USER,
  ASSISTANT;

  /** The name chat templates use ({@code "user"}). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
