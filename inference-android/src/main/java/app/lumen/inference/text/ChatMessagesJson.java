package app.lumen.inference.text;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.ContentPart;
import app.lumen.inference.Role;
import app.lumen.pkg.JsonSyntax;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a conversation in the Hugging Face message format used by the {@code render} command:
 *
 * <pre>
 * [{"role": "system|user|assistant",
 *   "content": "text" | [{"type": "text", "text": "..."}, {"type": "image", "tokens": N}],
 *   "reasoning_content": "..."}]   (reasoning_content: optional, assistant turns only)
 * </pre>
 *
 * An image is a {@link ContentPart#imagePlaceholder} of {@code tokens} tokens; without {@code
 * tokens}, the {@link ContentPart#unexpandedImage}. Stateless; errors are {@link
 * IllegalArgumentException}s naming the source and the JSON path of the problem.
 */
public final class ChatMessagesJson {
  /**
   * The most tokens one image may take: a Qwen-VL processor's largest image (16,777,216 pixels,
   * {@code max_pixels}) in 32 × 32-pixel tokens. A larger count would lay out a prompt no model can
   * take, and a count near 2^31 would exhaust the memory before the context check could refuse it.
   */
  public static final int MAX_IMAGE_TOKENS = 16_384;

  private ChatMessagesJson() {}

  public static List<ChatMessage> parse(Reader json, String source) throws IOException {
    JsonElement root;
    try {
      root = JsonSyntax.parseStrict(json);
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(source + ": malformed JSON: " + JsonSyntax.describe(e), e);
    }
    if (!root.isJsonArray()) {
      throw new IllegalArgumentException(source + ": expected a JSON list of messages");
    }
    List<ChatMessage> messages = new ArrayList<>();
    JsonArray array = root.getAsJsonArray();
    for (int i = 0; i < array.size(); i++) {
      messages.add(message(array.get(i), source + ": [" + i + "]"));
    }
    return messages;
  }

  private static ChatMessage message(JsonElement element, String where) {
    if (!element.isJsonObject()) {
      throw new IllegalArgumentException(where + ": expected an object with role and content");
    }
    JsonObject object = element.getAsJsonObject();
    Role role;
    try {
      role = Role.of(string(object, "role", where));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + "." + e.getMessage(), e);
    }
    JsonElement content = object.get("content");
    List<ContentPart> parts = new ArrayList<>();
    if (content == null || content.isJsonNull()) {
      throw new IllegalArgumentException(where + ".content: missing");
    } else if (content.isJsonPrimitive() && content.getAsJsonPrimitive().isString()) {
      parts.add(ContentPart.text(content.getAsString()));
    } else if (content.isJsonArray()) {
      JsonArray items = content.getAsJsonArray();
      for (int i = 0; i < items.size(); i++) {
        parts.add(part(items.get(i), where + ".content[" + i + "]"));
      }
    } else {
      throw new IllegalArgumentException(where + ".content: expected a string or a list of items");
    }
    String reasoning = null;
    if (object.has("reasoning_content") && !object.get("reasoning_content").isJsonNull()) {
      if (role != Role.ASSISTANT) {
        throw new IllegalArgumentException(
            where + ".reasoning_content: allowed on assistant turns only");
      }
      reasoning = string(object, "reasoning_content", where);
    }
    return new ChatMessage(role, parts, reasoning);
  }

  private static ContentPart part(JsonElement element, String where) {
    if (!element.isJsonObject()) {
      throw new IllegalArgumentException(where + ": expected {\"type\": \"text\"|\"image\", ...}");
    }
    JsonObject item = element.getAsJsonObject();
    String type = string(item, "type", where);
    switch (type) {
      case "text":
        return ContentPart.text(string(item, "text", where));
      case "image":
        if (!item.has("tokens") || item.get("tokens").isJsonNull()) {
          return ContentPart.unexpandedImage();
        }
        return ContentPart.imagePlaceholder(imageTokens(item.get("tokens"), where + ".tokens"));
      default:
        throw new IllegalArgumentException(
            where + ".type: expected \"text\" or \"image\", found \"" + type + "\"");
    }
  }

  /** A whole number of tokens as written: 1.5 or 2^32 + 1 is refused, not truncated. */
  private static int imageTokens(JsonElement value, String where) {
    long tokens;
    try {
      if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
        throw new NumberFormatException();
      }
      tokens = value.getAsBigDecimal().longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException(where + ": expected a whole number, found " + value, e);
    }
    if (tokens < 1 || tokens > MAX_IMAGE_TOKENS) {
      throw new IllegalArgumentException(
          where + ": expected 1.." + MAX_IMAGE_TOKENS + ", found " + tokens);
    }
    return (int) tokens;
  }

  private static String string(JsonObject object, String field, String where) {
    JsonElement value = object.get(field);
    if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      throw new IllegalArgumentException(where + "." + field + ": expected a string");
    }
    return value.getAsString();
  }
}
