package app.lumen.inference.text;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.ContentPart;
import app.lumen.inference.jinja.JinjaTemplate;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * A package's own template drives the prompt: it sees what transformers gives it, its image
 * placeholders become each image's tokens, and its failures are request errors naming the line.
 */
public class PackageTemplateRenderingTest {
  private static final int[] EOS = {151645};

  private final Tokenizer tokenizer = QwenTestResources.tokenizer();

  private ChatTemplate template(String source) throws Exception {
    return ChatTemplate.fromJinja(
        tokenizer,
        JinjaTemplate.parse(source),
        ChatTemplate.Style.INSTRUCT,
        EOS,
        Map.of("eos_token", "<|im_end|>"));
  }

  @Test
  public void templateSeesTheSwitchesAndSpecialTokens() throws Exception {
    ChatTemplate template =
        template(
            "{{ messages[0].content }}|{{ add_generation_prompt }}|{{ add_vision_id }}"
                + "|{{ enable_thinking }}|{{ eos_token }}|{{ tools }}");

    assertEquals(
        "hi|True|False|True|<|im_end|>|None",
        template.renderText(List.of(ChatMessage.user("hi")), new RenderOptions(true, false, true)));
  }

  @Test
  public void eachImagePlaceholder_becomesThatImagesTokens_inOrder() throws Exception {
    ChatTemplate template =
        template(
            "{% for m in messages %}{% for part in m.content %}"
                + "{% if part.type == 'image' %}<|vision_start|><|image_pad|><|vision_end|>"
                + "{% else %}{{ part.text }}{% endif %}{% endfor %}{% endfor %}");
    List<ChatMessage> messages =
        List.of(
            ChatMessage.user(
                ContentPart.imagePlaceholder(3),
                ContentPart.text(" and "),
                ContentPart.imagePlaceholder(2)));

    RenderedPrompt prompt = template.render(messages, RenderOptions.GENERATE);

    assertEquals(2, prompt.images().size());
    int pad = tokenizer.requireTokenId("<|image_pad|>");
    assertEquals(3, prompt.images().get(0).tokens());
    assertEquals(2, prompt.images().get(1).tokens());
    for (ImageSpan span : prompt.images()) {
      for (int i = span.start(); i < span.end(); i++) {
        assertEquals(pad, prompt.id(i));
      }
    }
    assertEquals(
        "<|vision_start|><|image_pad|><|image_pad|><|image_pad|><|vision_end|> and "
            + "<|vision_start|><|image_pad|><|image_pad|><|vision_end|>",
        template.renderText(messages, RenderOptions.GENERATE));
  }

  @Test
  public void templateThatDropsAnImage_isRefused() throws Exception {
    ChatTemplate template = template("{{ messages[0].content[1].text }}");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                template.render(
                    List.of(ChatMessage.user(ContentPart.unexpandedImage(), ContentPart.text("x"))),
                    RenderOptions.GENERATE));
    assertTrue(e.getMessage(), e.getMessage().contains("one <|image_pad|> per image"));
  }

  @Test
  public void templateThatRaisesForThisConversation_isARequestErrorWithTheLine() throws Exception {
    ChatTemplate template =
        template(
            "{% if messages | length > 1 %}\n{{ raise_exception('one message only') }}{% endif %}");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                template.render(
                    List.of(ChatMessage.user("a"), ChatMessage.assistant("b")),
                    RenderOptions.HISTORY));
    assertEquals("chat template: line 2: one message only", e.getMessage());
  }

  @Test
  public void reasoningReachesTheTemplateAsReasoningContent() throws Exception {
    ChatTemplate template = template("{{ messages[1].reasoning_content }}");
    assertEquals(
        "because",
        template.renderText(
            List.of(ChatMessage.user("q"), ChatMessage.assistant("a", "because")),
            RenderOptions.HISTORY));
  }
}
