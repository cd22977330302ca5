package app.lumen.inference.text;

import java.util.List;

/**
 * One turn of a conversation. {@code reasoning} is an assistant turn's thinking kept apart from its
 * answer (the Thinking template decides whether to show it); {@code null} when there is none.
 * Immutable.
 */
public record ChatMessage(Role role, List<ContentPart> content, String reasoning) {

  /** Who wrote the turn. */
  public enum Role {
    SYSTEM("system"),
    USER("user"),
    ASSISTANT("assistant");

    private final String label;

    Role(String label) {
      this.label = label;
    }

    /** The role as the chat template writes it. */
    public String label() {
      return label;
    }

    /**
     * @throws IllegalArgumentException naming the role when it is not system, user or assistant
     */
    public static Role of(String label) {
      for (Role role : values()) {
        if (role.label.equals(label)) {
          return role;
        }
      }
      throw new IllegalArgumentException(
          "role: expected system, user or assistant, found " + label);
    }
  }

  public ChatMessage {
    if (role == null || content == null) {
      throw new IllegalArgumentException("a message needs a role and content");
    }
    content = List.copyOf(content);
    if (reasoning != null && role != Role.ASSISTANT) {
      throw new IllegalArgumentException("only assistant turns carry reasoning, not " + role.label);
    }
  }

  public static ChatMessage system(String text) {
    return new ChatMessage(Role.SYSTEM, List.of(ContentPart.text(text)), null);
  }

  public static ChatMessage user(String text) {
    return new ChatMessage(Role.USER, List.of(ContentPart.text(text)), null);
  }

  public static ChatMessage user(ContentPart... parts) {
    return new ChatMessage(Role.USER, List.of(parts), null);
  }

  public static ChatMessage assistant(String answer) {
    return new ChatMessage(Role.ASSISTANT, List.of(ContentPart.text(answer)), null);
  }

  /** An assistant turn whose thinking was kept apart from the answer. */
  public static ChatMessage assistant(String answer, String reasoning) {
    return new ChatMessage(Role.ASSISTANT, List.of(ContentPart.text(answer)), reasoning);
  }

  /** The concatenated text parts (images left out). */
  public String text() {
    StringBuilder text = new StringBuilder();
    for (ContentPart part : content) {
      if (part instanceof ContentPart.Text t) {
        text.append(t.text());
      }
    }
    return text.toString();
  }
}
