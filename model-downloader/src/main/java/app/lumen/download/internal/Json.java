package app.lumen.download.internal;

import app.lumen.download.DownloadException;
import app.lumen.pkg.JsonSyntax;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.StringReader;

/** Field-by-field JSON reading whose errors name the source and the field (exit code 3). */
public final class Json {
  private final String source;

  public Json(String source) {
    this.source = source;
  }

  public DownloadException error(String message) {
    return new DownloadException(DownloadException.Reason.INVALID_INPUT, source, message);
  }

  public JsonElement parse(String json) throws DownloadException {
    try {
      JsonElement e = JsonSyntax.parseStrict(new StringReader(json));
      if (e == null || e.isJsonNull()) {
        throw error("empty JSON");
      }
      return e;
    } catch (JsonParseException e) {
      throw new DownloadException(
          DownloadException.Reason.INVALID_INPUT,
          source,
          "malformed JSON: " + JsonSyntax.describe(e),
          e);
    }
  }

  public JsonElement required(JsonObject o, String name, String field) throws DownloadException {
    JsonElement e = o.get(name);
    if (e == null || e.isJsonNull()) {
      throw error("missing required field \"" + field + "\"");
    }
    return e;
  }

  public String string(JsonObject o, String name, String field) throws DownloadException {
    return asString(required(o, name, field), field);
  }

  public String optString(JsonObject o, String name, String field) throws DownloadException {
    JsonElement e = o.get(name);
    return e == null || e.isJsonNull() ? null : asString(e, field);
  }

  public long optLong(JsonObject o, String name, String field, long absent)
      throws DownloadException {
    JsonElement e = o.get(name);
    return e == null || e.isJsonNull() ? absent : asLong(e, field);
  }

  public long requiredLong(JsonObject o, String name, String field) throws DownloadException {
    return asLong(required(o, name, field), field);
  }

  public boolean optBoolean(JsonObject o, String name, String field) throws DownloadException {
    JsonElement e = o.get(name);
    if (e == null || e.isJsonNull()) {
      return false;
    }
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()) {
      return e.getAsBoolean();
    }
    throw error("field \"" + field + "\" must be true or false, got " + e);
  }

  public String asString(JsonElement e, String field) throws DownloadException {
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
      return e.getAsString();
    }
    throw error("field \"" + field + "\" must be a string, got " + e);
  }

  public long asLong(JsonElement e, String field) throws DownloadException {
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
      try {
        return e.getAsBigDecimal().longValueExact();
      } catch (ArithmeticException | NumberFormatException ex) {
        // reported below
      }
    }
    throw error("field \"" + field + "\" must be an integer, got " + e);
  }

  public JsonObject object(JsonElement e, String field) throws DownloadException {
    if (e.isJsonObject()) {
      return e.getAsJsonObject();
    }
    throw error("field \"" + field + "\" must be an object, got " + e);
  }

  public JsonArray array(JsonElement e, String field) throws DownloadException {
    if (e.isJsonArray()) {
      return e.getAsJsonArray();
    }
    throw error("field \"" + field + "\" must be an array, got " + e);
  }
}
