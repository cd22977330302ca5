package app.lumen.inference;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import java.util.List;
import org.junit.Test;

public class ChatMessageTest {

  @Test
  public void reasoning_belongsToAssistantTurnsOnly() {
    assertEquals("Two and two.", ChatMessage.assistant("4", "Two and two.").reasoning());
    assertNull(ChatMessage.assistant("4").reasoning());

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ChatMessage(Role.USER, List.of(ContentPart.text("hi")), "thinking"));
    assertEquals("only assistant turns carry reasoning, not user", e.getMessage());
  }

  @Test
  public void roleOf_readsTemplateNames_andNamesAnUnknownOne() {
    for (Role role : Role.values()) {
      assertEquals(role, Role.of(role.id()));
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Role.of("tool"));
    assertEquals("role: expected system, user or assistant, found tool", e.getMessage());
  }

  @Test
  public void imagePlaceholder_occupiesItsTokens_butCannotBeEncoded() {
    ChatMessage message =
        ChatMessage.user(ContentPart.imagePlaceholder(6), ContentPart.text("What is this?"));
    ImageInput image = message.images().get(0);

    assertEquals(6, image.tokenCount());
    assertEquals("What is this?", message.text());
    assertThrows(InvalidRequestException.class, () -> image.embeddings(16));
    assertEquals(1, ((ContentPart.Image) ContentPart.unexpandedImage()).image().tokenCount());
    assertThrows(IllegalArgumentException.class, () -> ContentPart.imagePlaceholder(0));
  }
}
