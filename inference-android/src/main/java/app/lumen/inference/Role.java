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

  /**
   * The role whose {@link #id()} is {@code id}.
   *
   * @throws IllegalArgumentException naming the value when it is not system, user or assistant
   */
  public static Role of(String id) {
    for (Role role : values()) {
      if (role.id().equals(id)) {
        return role;
      }
    }
    throw new IllegalArgumentException("role: expected system, user or assistant, found " + id);
  }
}
