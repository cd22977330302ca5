package app.lumen.inference.model;

import app.lumen.inference.model.internal.JsonFile;
import app.lumen.pkg.InvalidPackageException;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Optional;

/**
 * The parts of {@code tokenizer_config.json} the engine uses: the chat template text (when the file
 * carries one) and the declared special tokens. Immutable.
 *
 * @param chatTemplate the Jinja chat template, or null
 * @param eosToken the end-of-sequence token text, or null
 */
public record TokenizerConfig(
    String chatTemplate, String eosToken, String padToken, boolean addBosToken) {

  public static final String FILE_NAME = "tokenizer_config.json";

  public Optional<String> chatTemplateText() {
    return Optional.ofNullable(chatTemplate);
  }

  public static TokenizerConfig parse(JsonFile file) throws InvalidPackageException {
    JsonObject root = file.root();
    return new TokenizerConfig(
        chatTemplate(file, root),
        tokenText(file, root, "eos_token"),
        tokenText(file, root, "pad_token"),
        file.optionalBoolean(root, "add_bos_token", "").orElse(false));
  }

  /**
   * A chat template written as a string, or as a list of named templates (the one named "default"
   * is used).
   */
  static String chatTemplate(JsonFile file, JsonObject root) throws InvalidPackageException {
    JsonElement value = root.get("chat_template");
    if (value == null || value.isJsonNull()) {
      return null;
    }
    if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
      return value.getAsString();
    }
    if (value.isJsonArray()) {
      for (JsonElement named : value.getAsJsonArray()) {
        JsonObject entry = named.getAsJsonObject();
        if ("default".equals(file.optionalString(entry, "name", "chat_template[].").orElse(null))) {
          return file.optionalString(entry, "template", "chat_template[].").orElse(null);
        }
      }
      return null;
    }
    throw file.problem("chat_template", "expected a string or a list of named templates");
  }

  // Special tokens are written either as plain strings or as {"content": "..."} objects.
  private static String tokenText(JsonFile file, JsonObject root, String field)
      throws InvalidPackageException {
    JsonElement value = root.get(field);
    if (value == null || value.isJsonNull()) {
      return null;
    }
    if (value.isJsonObject()) {
      return file.optionalString(value.getAsJsonObject(), "content", field + ".").orElse(null);
    }
    return file.optionalString(root, field, "").orElse(null);
  }
}
