package app.lumen.inference.model.internal;

import app.lumen.pkg.InvalidPackageException;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One of a package's small JSON files, read whole, with accessors that name the file and the field
 * in every error ({@code config.json: text_config.hidden_size: expected a whole number, found
 * "abc"}). Immutable.
 */
public final class JsonFile {
  // Configs are a few kB; a bound keeps a damaged or hostile file from filling the heap.
  private static final long MAX_BYTES = 16L << 20;

  private final String name;
  private final JsonObject root;

  private JsonFile(String name, JsonObject root) {
    this.name = name;
    this.root = root;
  }

  /**
   * @param name the file's path inside the package, used in messages
   */
  public static JsonFile read(Path file, String name) throws InvalidPackageException {
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new InvalidPackageException(
            name + ": " + size + " bytes, expected a small JSON file (at most " + MAX_BYTES + ")");
      }
    } catch (NoSuchFileException e) {
      throw new InvalidPackageException(name + ": missing");
    } catch (IOException e) {
      throw new InvalidPackageException(name + ": unreadable: " + e.getMessage(), e);
    }
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(reader, name);
    } catch (NoSuchFileException e) {
      throw new InvalidPackageException(name + ": missing");
    } catch (IOException e) {
      throw new InvalidPackageException(name + ": unreadable: " + e.getMessage(), e);
    }
  }

  public static JsonFile parse(Reader json, String name) throws InvalidPackageException {
    JsonElement root;
    try {
      root = JsonParser.parseReader(json);
    } catch (JsonParseException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new InvalidPackageException(name + ": malformed JSON: " + cause.getMessage(), e);
    }
    if (!root.isJsonObject()) {
      throw new InvalidPackageException(name + ": expected a JSON object");
    }
    return new JsonFile(name, root.getAsJsonObject());
  }

  public String name() {
    return name;
  }

  public JsonObject root() {
    return root;
  }

  /** The object at {@code field}, if present and not null. */
  public Optional<JsonObject> object(JsonObject in, String field, String path)
      throws InvalidPackageException {
    return optional(
        in, field, path, "an object", JsonElement::isJsonObject, JsonElement::getAsJsonObject);
  }

  public int requireInt(JsonObject in, String field, String path) throws InvalidPackageException {
    return optionalInt(in, field, path)
        .orElseThrow(() -> new InvalidPackageException(name + ": " + path + field + ": missing"));
  }

  public Optional<Integer> optionalInt(JsonObject in, String field, String path)
      throws InvalidPackageException {
    return optional(
        in, field, path, "a whole number", JsonFile::isWholeInt, v -> (int) v.getAsDouble());
  }

  public Optional<Long> optionalLong(JsonObject in, String field, String path)
      throws InvalidPackageException {
    return optional(in, field, path, "a whole number", JsonFile::isNumber, JsonElement::getAsLong);
  }

  public Optional<Double> optionalDouble(JsonObject in, String field, String path)
      throws InvalidPackageException {
    return optional(in, field, path, "a number", JsonFile::isNumber, JsonElement::getAsDouble);
  }

  public Optional<Boolean> optionalBoolean(JsonObject in, String field, String path)
      throws InvalidPackageException {
    return optional(
        in,
        field,
        path,
        "true or false",
        v -> v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean(),
        JsonElement::getAsBoolean);
  }

  public Optional<String> optionalString(JsonObject in, String field, String path)
      throws InvalidPackageException {
    return optional(
        in,
        field,
        path,
        "a string",
        v -> v.isJsonPrimitive() && v.getAsJsonPrimitive().isString(),
        JsonElement::getAsString);
  }

  /**
   * The value at {@code field} read by {@code read}; empty when absent or null, and an error naming
   * the field and what was {@code expected} when {@code accepts} refuses it.
   */
  private <T> Optional<T> optional(
      JsonObject in,
      String field,
      String path,
      String expected,
      Predicate<JsonElement> accepts,
      Function<JsonElement, T> read)
      throws InvalidPackageException {
    JsonElement value = in.get(field);
    if (value == null || value.isJsonNull()) {
      return Optional.empty();
    }
    if (!accepts.test(value)) {
      throw wrong(path + field, expected, value);
    }
    return Optional.of(read.apply(value));
  }

  /** A whole number or a list of them (as {@code eos_token_id} may be either); empty if absent. */
  public int[] intOrIntList(JsonObject in, String field, String path)
      throws InvalidPackageException {
    JsonElement value = in.get(field);
    if (value == null || value.isJsonNull()) {
      return new int[0];
    }
    if (isNumber(value)) {
      return new int[] {requireInt(in, field, path)};
    }
    if (!value.isJsonArray()) {
      throw wrong(path + field, "a whole number or a list of them", value);
    }
    JsonArray array = value.getAsJsonArray();
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      JsonElement item = array.get(i);
      if (!isNumber(item) || item.getAsDouble() != Math.rint(item.getAsDouble())) {
        throw wrong(path + field + "[" + i + "]", "a whole number", item);
      }
      out[i] = item.getAsInt();
    }
    return out;
  }

  public double[] doubleList(JsonObject in, String field, String path)
      throws InvalidPackageException {
    JsonElement value = in.get(field);
    if (value == null || value.isJsonNull()) {
      return new double[0];
    }
    if (!value.isJsonArray()) {
      throw wrong(path + field, "a list of numbers", value);
    }
    JsonArray array = value.getAsJsonArray();
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      if (!isNumber(array.get(i))) {
        throw wrong(path + field + "[" + i + "]", "a number", array.get(i));
      }
      out[i] = array.get(i).getAsDouble();
    }
    return out;
  }

  public InvalidPackageException problem(String fieldPath, String message) {
    return new InvalidPackageException(name + ": " + fieldPath + ": " + message);
  }

  private InvalidPackageException wrong(String fieldPath, String expected, JsonElement found) {
    String shown = found.toString();
    if (shown.length() > 60) {
      shown = shown.substring(0, 57) + "...";
    }
    return problem(fieldPath, "expected " + expected + ", found " + shown);
  }

  private static boolean isWholeInt(JsonElement value) {
    if (!isNumber(value)) {
      return false;
    }
    double number = value.getAsDouble();
    return number == Math.rint(number) && Math.abs(number) <= Integer.MAX_VALUE;
  }

  private static boolean isNumber(JsonElement value) {
    return value.isJsonPrimitive() && ((JsonPrimitive) value).isNumber();
  }
}
