package app.lumen.inference.jinja;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The renders {@code tools/reference/make-template-renders.py} recorded with transformers' own
 * Jinja2 rendering, read as plain Java values for the interpreter.
 */
final class GoldenRenders {
  static final String RESOURCE = "/jinja/template-renders.json";

  private final JsonObject root;

  private GoldenRenders(JsonObject root) {
    this.root = root;
  }

  static GoldenRenders load() {
    try (InputStream in = GoldenRenders.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing");
      }
      return new GoldenRenders(
          JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
              .getAsJsonObject());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String templateSource(String name) {
    return templates().getAsJsonObject(name).get("source").getAsString();
  }

  String templateKind(String name) {
    return templates().getAsJsonObject(name).get("kind").getAsString();
  }

  JsonObject templates() {
    return root.getAsJsonObject("templates");
  }

  JsonArray cases() {
    return root.getAsJsonArray("cases");
  }

  JsonArray broken() {
    return root.getAsJsonArray("broken");
  }

  JsonArray snippets() {
    return root.getAsJsonArray("snippets");
  }

  /** The variables every snippet was rendered with. */
  Map<String, Object> snippetVariables() {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("messages", value(root.get("snippet_messages")));
    variables.put("add_generation_prompt", true);
    variables.put("tools", null);
    variables.put("documents", null);
    return variables;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> variables(JsonObject testCase) {
    return (Map<String, Object>) value(testCase.get("variables"));
  }

  /** JSON as the values a caller would pass: Long for integers, Double for other numbers. */
  static Object value(JsonElement json) {
    if (json == null || json.isJsonNull()) {
      return null;
    }
    if (json.isJsonPrimitive()) {
      JsonPrimitive p = json.getAsJsonPrimitive();
      if (p.isBoolean()) {
        return p.getAsBoolean();
      }
      if (p.isNumber()) {
        String text = p.getAsString();
        return text.contains(".") || text.contains("e") || text.contains("E")
            ? (Object) p.getAsDouble()
            : (Object) p.getAsLong();
      }
      return p.getAsString();
    }
    if (json.isJsonArray()) {
      List<Object> list = new ArrayList<>();
      json.getAsJsonArray().forEach(item -> list.add(value(item)));
      return list;
    }
    Map<String, Object> map = new LinkedHashMap<>();
    json.getAsJsonObject().entrySet().forEach(e -> map.put(e.getKey(), value(e.getValue())));
    return map;
  }
}
