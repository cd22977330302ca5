package app.lumen.inference.text.internal;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.ContentPart;
import app.lumen.inference.Role;
import java.util.List;

/** What every layout requires of a conversation, checked before it is written out. */
final class ConversationRules {
  private ConversationRules() {}

  /**
   * @throws IllegalArgumentException for an empty conversation or an image outside a user turn
   */
  static void check(List<ChatMessage> messages) {
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("messages: expected at least one message");
    }
    for (int i = 0; i < messages.size(); i++) {
      ChatMessage message = messages.get(i);
      if (message.role() != Role.USER) {
        for (ContentPart part : message.content()) {
          if (part instanceof ContentPart.Image) {
            throw new IllegalArgumentException(
                "messages["
                    + i
                    + "]: images are allowed in user turns only, found one in a "
                    + message.role().id()
                    + " turn");
          }
        }
      }
    }
  }
}
