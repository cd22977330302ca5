package app.lumen.inference.text;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.ContentPart;
import app.lumen.inference.Role;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;

/** What the generator relies on: prefixes for cache reuse, stop ids, image spans, clear errors. */
public class ChatTemplateBehaviourTest {
  private final Tokenizer tokenizer = QwenTestResources.tokenizer();
  private final ChatTemplate instruct =
      ChatTemplate.create(tokenizer, ChatTemplate.Style.INSTRUCT, new int[] {151645, 151643});
  private final ChatTemplate thinking =
      ChatTemplate.create(tokenizer, ChatTemplate.Style.THINKING, new int[] {151645, 151643});

  private final List<ChatMessage> history =
      List.of(
          ChatMessage.system("Be brief."),
          ChatMessage.user(ContentPart.imagePlaceholder(64), ContentPart.text("What is this?")),
          ChatMessage.assistant("A red bicycle."));

  @Test
  public void instructHistory_isAPrefixOfHistoryPlusNextTurn() {
    int[] cached = instruct.render(history, RenderOptions.HISTORY).ids();
    RenderedPrompt next =
        instruct.render(plus(history, ChatMessage.user("Whose?")), RenderOptions.GENERATE);
    assertEquals(cached.length, next.commonPrefixLength(cached));
    assertTrue(next.length() > cached.length);
  }

  @Test
  public void generatedAnswerAppended_equalsRenderingTheAnsweredConversation() {
    List<ChatMessage> asked = List.of(ChatMessage.user("Name a colour."));
    int[] prompt = instruct.render(asked, RenderOptions.GENERATE).ids();
    int[] answer = tokenizer.encode("Blue.");
    int[] afterTurn = tokenizer.encode("<|im_end|>\n");

    int[] engineView = concat(prompt, answer, afterTurn);
    int[] rendered =
        instruct.render(plus(asked, ChatMessage.assistant("Blue.")), RenderOptions.HISTORY).ids();
    assertArrayEquals(rendered, engineView);
  }

  @Test
  public void thinkingHistory_dropsEarlierReasoning_soTheSharedPrefixEndsAtThatAnswer() {
    List<ChatMessage> thought =
        List.of(ChatMessage.user("2+2?"), ChatMessage.assistant("4", "Two plus two is four."));
    RenderedPrompt cached = thinking.render(thought, RenderOptions.HISTORY);
    RenderedPrompt next =
        thinking.render(plus(thought, ChatMessage.user("3+3?")), RenderOptions.GENERATE);
    int shared = next.commonPrefixLength(cached.ids());
    assertTrue(shared < cached.length());
    // Everything up to the opening of the previous answer is shared.
    int[] upToAnswer =
        thinking.render(List.of(ChatMessage.user("2+2?")), RenderOptions.GENERATE).ids();
    int openThink = tokenizer.requireTokenId("<think>");
    int withoutThink =
        upToAnswer[upToAnswer.length - 2] == openThink ? upToAnswer.length - 2 : upToAnswer.length;
    assertTrue(shared >= withoutThink);
    assertTrue(
        thinking
            .renderText(plus(thought, ChatMessage.user("3+3?")), RenderOptions.GENERATE)
            .contains("<|im_start|>assistant\n4<|im_end|>"));
  }

  @Test
  public void stopIds_areTheGenerationConfigEosPlusEndOfTurn() {
    int imEnd = tokenizer.requireTokenId("<|im_end|>");
    assertArrayEquals(new int[] {151645, 151643}, instruct.stopTokenIds());
    ChatTemplate onlyEndOfText =
        ChatTemplate.create(tokenizer, ChatTemplate.Style.INSTRUCT, new int[] {151643});
    assertArrayEquals(new int[] {151643, imEnd}, onlyEndOfText.stopTokenIds());
  }

  @Test
  public void style_isReadFromTheRealJinjaTemplates() {
    assertEquals(
        ChatTemplate.Style.INSTRUCT,
        ChatTemplate.Style.of(QwenTestResources.text("chat_template_instruct.jinja")));
    assertEquals(
        ChatTemplate.Style.QWEN2_VL,
        ChatTemplate.Style.of(QwenTestResources.text("chat_template_qwen2_vl.jinja")));
    assertEquals(
        ChatTemplate.Style.THINKING,
        ChatTemplate.Style.of(QwenTestResources.text("chat_template_thinking.jinja")));
  }

  @Test
  public void imageSpan_offsetAndCount_locateTheExpandedImage() {
    RenderedPrompt prompt = instruct.render(history, RenderOptions.GENERATE);
    assertEquals(1, prompt.images().size());
    ImageSpan span = prompt.images().get(0);
    assertEquals(64, span.tokens());
    assertEquals(tokenizer.requireTokenId("<|vision_start|>"), prompt.id(span.start() - 1));
    assertEquals(tokenizer.requireTokenId("<|vision_end|>"), prompt.id(span.start() + 64));
  }

  @Test
  public void imageInAnAssistantTurn_isRefusedNamingTheMessage() {
    List<ChatMessage> bad =
        List.of(new ChatMessage(Role.ASSISTANT, List.of(ContentPart.imagePlaceholder(4))));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> instruct.render(bad, RenderOptions.GENERATE));
    assertTrue(
        e.getMessage(),
        e.getMessage().startsWith("messages[0]: images are allowed in user turns only"));
  }

  @Test
  public void emptyConversation_isRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> instruct.render(List.of(), RenderOptions.GENERATE));
  }

  @Test
  public void messagesJson_unknownRole_namesThePath() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ChatMessagesJson.parse(
                    new java.io.StringReader(
                        "[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"tool\",\"content\":\"b\"}]"),
                    "m.json"));
    assertEquals(
        "m.json: [1].role: expected system, user or assistant, found tool", e.getMessage());
  }

  @Test
  public void messagesJson_isReadStrictly_noSingleQuotesBareWordsOrTrailingText()
      throws java.io.IOException {
    String[] lenientOnly = {
      "[{'role': 'user', 'content': 'hi'}]",
      "[{role: \"user\", content: \"hi\"}]",
      "[{\"role\": \"user\", \"content\": \"hi\"}] []",
    };
    for (String json : lenientOnly) {
      IllegalArgumentException e =
          assertThrows(
              json,
              IllegalArgumentException.class,
              () -> ChatMessagesJson.parse(new java.io.StringReader(json), "m.json"));
      assertTrue(
          e.getMessage(), e.getMessage().startsWith("m.json: malformed JSON: line 1 column "));
      assertFalse(e.getMessage(), e.getMessage().contains("Strictness"));
    }
    assertEquals(
        1,
        ChatMessagesJson.parse(
                new java.io.StringReader("[{\"role\": \"user\", \"content\": \"hi\"}]\n"), "m.json")
            .size());
  }

  @Test
  public void messagesJson_malformed_isOneLineNamingTheFile() {
    // Found by CliJsonFuzzTest: Gson's message carries a second line of advice for programmers.
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ChatMessagesJson.parse(
                    new java.io.StringReader("[{\"role\": \"\u007f\u0000\u0000\u0000\", \"co"),
                    "m.json"));
    assertTrue(e.getMessage(), e.getMessage().startsWith("m.json: malformed JSON: "));
    assertFalse(e.getMessage(), e.getMessage().contains("\n"));
  }

  @Test
  public void messagesJson_imageTokens_mustBeAWholeNumberWithinOneImage() {
    // 2147483647 tokens would lay out a prompt of that many ids; 1.5 and 2^32 + 1 were truncated.
    for (String tokens : new String[] {"2147483647", "16385", "1.5", "4294967297", "0", "\"4\""}) {
      IllegalArgumentException e =
          assertThrows(
              tokens,
              IllegalArgumentException.class,
              () ->
                  ChatMessagesJson.parse(
                      new java.io.StringReader(
                          "[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"tokens\":"
                              + tokens
                              + "}]}]"),
                      "m.json"));
      assertTrue(e.getMessage(), e.getMessage().startsWith("m.json: [0].content[0].tokens: "));
    }
  }

  private static List<ChatMessage> plus(List<ChatMessage> messages, ChatMessage next) {
    List<ChatMessage> out = new ArrayList<>(messages);
    out.add(next);
    return out;
  }

  private static int[] concat(int[]... parts) {
    int[] out = new int[0];
    for (int[] part : parts) {
      int at = out.length;
      out = Arrays.copyOf(out, at + part.length);
      System.arraycopy(part, 0, out, at, part.length);
    }
    return out;
  }
}
