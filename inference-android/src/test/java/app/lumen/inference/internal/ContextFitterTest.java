package app.lumen.inference.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import app.lumen.inference.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class ContextFitterTest {
  /** One token per message character, so lengths are easy to count. */
  private final PromptRenderer renderer =
      (messages, generationPrompt, think) -> {
        int length = 0;
        for (ChatMessage message : messages) {
          length += message.text().length();
        }
        return new TokenSequence(new int[length], List.of());
      };

  @Test
  public void dropsOldestTurnsButKeepsSystemAndLastTurn() {
    List<ChatMessage> messages =
        List.of(
            ChatMessage.system("SS"),
            ChatMessage.user("u1u1"),
            ChatMessage.assistant("a1a1"),
            ChatMessage.user("u2u2"),
            ChatMessage.assistant("a2a2"),
            ChatMessage.user("u3"));
    // 2 + 4 + 4 + 4 + 4 + 2 = 20 tokens; 13 + 2 room: drop turn 1 (8) -> 12 + 2 fits.
    ContextFitter.Fitted fitted = ContextFitter.fit(messages, renderer, false, 14, 2);
    assertTrue(fitted.fits());
    assertEquals(12, fitted.prompt().length());
    assertEquals(8, fitted.droppedTokens());
  }

  @Test
  public void reportsNoFitWhenOnlyTheLastTurnIsLeft() {
    List<ChatMessage> messages = List.of(ChatMessage.system("SS"), ChatMessage.user("u1u1u1u1"));
    assertFalse(ContextFitter.fit(messages, renderer, false, 8, 1).fits());
  }

  @Test
  public void dropOldestTurn_removesUserAndItsReplies() {
    List<ChatMessage> messages =
        new ArrayList<>(
            List.of(
                ChatMessage.system("s"),
                ChatMessage.user("1"),
                ChatMessage.assistant("a"),
                ChatMessage.user("2")));
    assertTrue(ContextFitter.dropOldestTurn(messages));
    assertEquals(List.of(ChatMessage.system("s"), ChatMessage.user("2")), messages);
    assertFalse(ContextFitter.dropOldestTurn(messages));
  }
}
