package app.lumen.inference.text;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.jinja.JinjaTemplate;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.Test;

/**
 * Renderings of the real Qwen3-VL Instruct and Thinking templates by transformers.js (committed
 * vectors, tools/reference/make-vectors.mjs) against Lumen's ChatTemplate, text and ids.
 */
public class ChatTemplateReferenceTest {
  private static final int[] QWEN3_VL_EOS = {151645, 151643};

  private final Tokenizer tokenizer = QwenTestResources.tokenizer();

  @Test
  public void everyReferenceRendering_matchesTextAndIds() throws IOException {
    List<JsonObject> cases = cases();
    assertTrue("at least 5 reference renderings", cases.size() >= 5);
    for (JsonObject c : cases) {
      String name = c.get("name").getAsString();
      ChatTemplate template = template(c.get("template").getAsString());
      List<ChatMessage> messages = messages(c);
      RenderOptions options = options(c);

      assertEquals(name, c.get("text").getAsString(), template.renderText(messages, options));
      assertArrayEquals(
          name,
          TokenizerReferenceTest.ids(c.getAsJsonArray("ids")),
          template.render(messages, options).ids());
    }
  }

  @Test
  public void everyReferenceRendering_matchesWithTheTemplateItselfInterpreted() throws Exception {
    for (JsonObject c : cases()) {
      String name = c.get("name").getAsString();
      String style = c.get("template").getAsString();
      ChatTemplate template =
          ChatTemplate.fromJinja(
              tokenizer,
              JinjaTemplate.parse(QwenTestResources.text("chat_template_" + style + ".jinja")),
              style(style),
              QWEN3_VL_EOS,
              Map.of("eos_token", "<|im_end|>"));
      List<ChatMessage> messages = messages(c);
      RenderOptions options = options(c);

      assertEquals(name, c.get("text").getAsString(), template.renderText(messages, options));
      RenderedPrompt prompt = template.render(messages, options);
      assertArrayEquals(name, TokenizerReferenceTest.ids(c.getAsJsonArray("ids")), prompt.ids());
      assertEquals(
          name,
          ChatTemplate.create(tokenizer, style(style), QWEN3_VL_EOS)
              .render(messages, options)
              .images()
              .stream()
              .map(ImageSpan::start)
              .collect(Collectors.toList()),
          prompt.images().stream().map(ImageSpan::start).collect(Collectors.toList()));
    }
  }

  @Test
  public void imageSpans_pointAtEachImagesPadTokens() throws IOException {
    for (JsonObject c : cases()) {
      ChatTemplate template = template(c.get("template").getAsString());
      List<ChatMessage> messages = messages(c);
      RenderOptions options = options(c);
      RenderedPrompt prompt = template.render(messages, options);
      int imagePad = tokenizer.requireTokenId("<|image_pad|>");
      int padsInSpans = 0;
      for (ImageSpan span : prompt.images()) {
        assertEquals(tokenizer.requireTokenId("<|vision_start|>"), prompt.id(span.start() - 1));
        for (int i = 0; i < span.tokens(); i++) {
          assertEquals(imagePad, prompt.id(span.start() + i));
        }
        assertEquals(
            tokenizer.requireTokenId("<|vision_end|>"), prompt.id(span.start() + span.tokens()));
        padsInSpans += span.tokens();
      }
      int padsInPrompt = 0;
      for (int id : prompt.ids()) {
        padsInPrompt += id == imagePad ? 1 : 0;
      }
      assertEquals(c.get("name").getAsString(), padsInPrompt, padsInSpans);
    }
  }

  private static List<ChatMessage> messages(JsonObject c) throws IOException {
    return ChatMessagesJson.parse(
        new StringReader(c.get("messages").toString()), c.get("name").getAsString());
  }

  private static RenderOptions options(JsonObject c) {
    return new RenderOptions(
        c.get("add_generation_prompt").getAsBoolean(), c.get("add_vision_id").getAsBoolean());
  }

  private ChatTemplate template(String style) {
    return ChatTemplate.create(tokenizer, style(style), QWEN3_VL_EOS);
  }

  static ChatTemplate.Style style(String name) {
    return switch (name) {
      case "thinking" -> ChatTemplate.Style.THINKING;
      case "qwen2_vl" -> ChatTemplate.Style.QWEN2_VL;
      default -> ChatTemplate.Style.INSTRUCT;
    };
  }

  private static List<JsonObject> cases() {
    List<JsonObject> cases = new ArrayList<>();
    for (JsonElement element :
        QwenTestResources.json("chat-vectors.json").getAsJsonArray("cases")) {
      cases.add(element.getAsJsonObject());
    }
    return cases;
  }
}
