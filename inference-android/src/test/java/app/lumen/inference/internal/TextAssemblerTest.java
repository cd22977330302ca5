package app.lumen.inference.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

public class TextAssemblerTest {
  private static final int THINK = 100;
  private static final int END_THINK = 101;

  @Test
  public void stopString_isHeldBackAcrossTokensAndNeverShown() {
    TextAssembler text = new TextAssembler(-1, -1, false, List.of("STOP"));
    StringBuilder streamed = new StringBuilder();
    for (String piece : new String[] {"Hello ", "ST", "O", "P now"}) {
      streamed.append(text.accept(1, piece).text());
    }
    assertTrue(text.stopped());
    assertEquals("Hello ", streamed.toString());
    assertEquals("Hello ", text.answer());
  }

  @Test
  public void partialStopString_isReleasedWhenTheTextEnds() {
    TextAssembler text = new TextAssembler(-1, -1, false, List.of("STOP"));
    String shown = text.accept(1, "a ST").text();
    assertEquals("a ", shown);
    assertEquals("ST", text.finish(""));
    assertFalse(text.stopped());
    assertEquals("a ST", text.answer());
  }

  @Test
  public void reasoning_isSplitFromTheAnswer() {
    TextAssembler text = new TextAssembler(THINK, END_THINK, true, List.of());
    assertTrue(text.accept(5, "\nweigh it").thinking());
    assertTrue(text.accept(END_THINK, "").thinking());
    TextAssembler.Delta first = text.accept(6, "\n\nYes");
    assertFalse(first.thinking());
    assertEquals("Yes", first.text());
    assertEquals("weigh it", text.reasoning());
    assertEquals("Yes", text.answer());
  }

  @Test
  public void withoutThinkTags_reasoningIsNull() {
    TextAssembler text = new TextAssembler(THINK, END_THINK, false, List.of());
    text.accept(5, " plain");
    assertNull(text.reasoning());
    assertEquals(" plain", text.answer());
  }

  @Test
  public void earliestOfSeveralStopStrings_wins() {
    StopStringMatcher matcher = new StopStringMatcher(List.of("xyz", "b"));
    assertEquals("a", matcher.push("abxyz"));
    assertTrue(matcher.matched());
  }
}
