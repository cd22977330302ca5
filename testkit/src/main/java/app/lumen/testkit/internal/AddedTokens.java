package app.lumen.testkit.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tokenizer's added tokens (content, id, special) in id order, and its total id count: what the
 * config files need to name token ids.
 */
public record AddedTokens(List<Token> tokens, int size) {
  public record Token(String content, int id, boolean special) {}

  public AddedTokens {
    tokens = List.copyOf(tokens);
  }

  /** The id of {@code content}; {@link IllegalArgumentException} if the tokenizer lacks it. */
  public int id(String content) {
    for (Token t : tokens) {
      if (t.content().equals(content)) {
        return t.id();
      }
    }
    throw new IllegalArgumentException("tokenizer has no added token " + content);
  }

  /** Reads the added tokens of a Hugging Face {@code tokenizer.json}. */
  public static AddedTokens read(Path tokenizerJson) throws IOException {
    JsonObject root =
        JsonParser.parseString(PackageFiles.readText(tokenizerJson)).getAsJsonObject();
    List<Token> tokens = new ArrayList<>();
    int maxId = -1;
    for (JsonElement e : root.getAsJsonArray("added_tokens")) {
      JsonObject o = e.getAsJsonObject();
      Token t =
          new Token(
              o.get("content").getAsString(),
              o.get("id").getAsInt(),
              o.get("special").getAsBoolean());
      tokens.add(t);
      maxId = Math.max(maxId, t.id());
    }
    for (JsonElement id : root.getAsJsonObject("model").getAsJsonObject("vocab").asMap().values()) {
      maxId = Math.max(maxId, id.getAsInt());
    }
    return new AddedTokens(tokens, maxId + 1);
  }
}
