package app.lumen.pkg;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.Reader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says where and why a JSON file does not parse, in words a user can act on: {@code line 3 column
 * 9: expected a field name in double quotes}. The JSON library's own messages advise calls of its
 * API and link its troubleshooting page, which mean nothing to someone who edited a config by hand.
 * Stateless.
 */
public final class JsonSyntax {
  private static final Pattern POSITION = Pattern.compile("at line (\\d+) column (\\d+)");

  private static final String TRAILING = "text after the JSON value";

  /** Reads any JSON value; strictness is the reader's. */
  private static final TypeAdapter<JsonElement> ELEMENTS = new Gson().getAdapter(JsonElement.class);

  private static final Pattern KIND = Pattern.compile("^Expected ([A-Z_]+) but was ([A-Z_]+)");

  private JsonSyntax() {}

  /**
   * {@code json} as one strict JSON value (RFC 8259): no single quotes, bare words, comments or
   * text after the value, which a lenient reader would quietly accept as something the writer may
   * not have meant.
   *
   * @throws JsonParseException when it is not; {@link #describe} says where and why
   */
  public static JsonElement parseStrict(Reader json) {
    JsonReader reader = new JsonReader(json);
    reader.setStrictness(Strictness.STRICT);
    JsonElement value = read(reader);
    requireEnd(reader);
    return value;
  }

  /**
   * The next value of {@code in}, read with the reader's own strictness (make it {@link
   * Strictness#STRICT} to read RFC 8259 only). Gson's {@code JsonParser.parseReader(JsonReader)}
   * would read it leniently whatever the reader says.
   *
   * @throws JsonParseException when it is not valid; {@link #describe} says where and why
   */
  public static JsonElement read(JsonReader in) {
    try {
      return ELEMENTS.read(in);
    } catch (IOException | IllegalStateException e) {
      throw new JsonParseException(e.getMessage(), e);
    }
  }

  /**
   * Returns normally when {@code reader} has nothing after the value it read.
   *
   * @throws JsonParseException naming where the extra text starts
   */
  public static void requireEnd(JsonReader reader) {
    // Where the value ended: a strict reader refuses what follows rather than naming it.
    String where = reader.toString().replaceFirst("^JsonReader", "");
    boolean trailing;
    try {
      trailing = reader.peek() != JsonToken.END_DOCUMENT;
    } catch (IOException e) {
      trailing = true;
    }
    if (trailing) {
      throw new JsonParseException(TRAILING + where);
    }
  }

  /** {@code line N column M: <what is wrong>}, or just what is wrong when no position is known. */
  public static String describe(Throwable parseError) {
    Throwable cause = parseError;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage() == null ? "" : cause.getMessage();
    Matcher position = POSITION.matcher(message);
    String where =
        position.find() ? "line " + position.group(1) + " column " + position.group(2) + ": " : "";
    return where + reason(message);
  }

  private static String reason(String message) {
    if (message.startsWith("End of input")) {
      return "the file ends before the JSON value does";
    }
    if (message.startsWith("Expected name")) {
      return "expected a field name in double quotes";
    }
    if (message.startsWith("Expected ':'")) {
      return "expected ':' after a field name";
    }
    if (message.startsWith("Unterminated ")) {
      String what = message.substring("Unterminated ".length()).split(" at line", 2)[0];
      return "unterminated " + what;
    }
    Matcher kind = KIND.matcher(message);
    if (kind.find()) {
      return "expected " + kind(kind.group(1)) + ", found " + kind(kind.group(2));
    }
    if (message.startsWith("Expected an int") || message.startsWith("Expected a long")) {
      return "expected a whole number";
    }
    if (message.startsWith("Expected value")) {
      return "expected a value";
    }
    if (message.startsWith(TRAILING)) {
      return TRAILING;
    }
    if (message.startsWith("Unexpected value")) {
      return "unexpected value";
    }
    return "not valid JSON";
  }

  private static String kind(String token) {
    return switch (token) {
      case "BEGIN_ARRAY" -> "a list";
      case "BEGIN_OBJECT" -> "an object";
      case "END_ARRAY" -> "the end of a list";
      case "END_OBJECT" -> "the end of an object";
      case "NAME" -> "a field name";
      case "STRING" -> "a string";
      case "NUMBER" -> "a number";
      case "BOOLEAN" -> "true or false";
      case "NULL" -> "null";
      default -> "the end of the file";
    };
  }
}
