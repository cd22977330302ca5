package app.lumen.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * One message of a conversation: what the engine generates from and what the chat template lays
 * out. Immutable.
 *
 * @param role who wrote it
 * @param content text and images in order; assistant messages hold the answer only
 * @param reasoning an assistant turn's thinking, kept apart from its answer, or null. The Thinking
 *     template shows it only for turns after the last user query; conversations replayed to the
 *     engine usually leave it null, since earlier reasoning is not sent back to the model.
 */
public record ChatMessage(Role role, List<ContentPart> content, String reasoning) {

  /**
   * @throws IllegalArgumentException when role or content is null, or a turn other than the
   *     assistant's carries reasoning
   */
  public ChatMessage {
    if (role == null) {
      throw new IllegalArgumentException("role must not be null");
    }
    if (content == null) {
      throw new IllegalArgumentException("content must not be null");
    }
    content = List.copyOf(content);
    if (reasoning != null && role != Role.ASSISTANT) {
      throw new IllegalArgumentException("only assistant turns carry reasoning, not " + role.id());
    }
  }

  /** A message without reasoning. */
  public ChatMessage(Role role, List<ContentPart> content) {
    this(role, content, null);
  }

  public static ChatMessage system(String text) {
    return new ChatMessage(Role.SYSTEM, List.of(ContentPart.text(text)));
  }

  public static ChatMessage user(String text) {
    return new ChatMessage(Role.USER, List.of(ContentPart.text(text)));
  }

  /** A user message of {@code parts} in the given order. */
  public static ChatMessage user(ContentPart... parts) {
    return new ChatMessage(Role.USER, List.of(parts));
  }

  /** A user message with the images first, then the text (the order the Qwen apps use). */
  public static ChatMessage user(String text, List<? extends ImageInput> images) {
    List<ContentPart> parts = new ArrayList<>();
    for (ImageInput image : images) {
      parts.add(ContentPart.image(image));
    }
    parts.add(ContentPart.text(text));
    return new ChatMessage(Role.USER, parts);
  }

  public static ChatMessage assistant(String text) {
    return new ChatMessage(Role.ASSISTANT, List.of(ContentPart.text(text)));
  }

  /** An assistant turn whose thinking was kept apart from the answer. */
  public static ChatMessage assistant(String answer, String reasoning) {
    return new ChatMessage(Role.ASSISTANT, List.of(ContentPart.text(answer)), reasoning);
  }

  /** The concatenated text items. */
  public String text() {
    StringBuilder text = new StringBuilder();
    for (ContentPart part : content) {
      if (part instanceof ContentPart.Text t) {
        text.append(t.text());
      }
    }
    return text.toString();
  }

  /** The images, in order. */
  public List<ImageInput> images() {
    List<ImageInput> images = new ArrayList<>();
    for (ContentPart part : content) {
      if (part instanceof ContentPart.Image i) {
        images.add(i.image());
      }
    }
    return images;
  }
}
