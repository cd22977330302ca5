package app.lumen.inference.model.internal;

import app.lumen.pkg.InvalidPackageException;
import app.lumen.pkg.JsonSyntax;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoublePredicate;
import java.util.function.Function;
import java.util.function.IntPredicate;
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

  /** What a size, a count or a width must be. */
  public static final String POSITIVE = "a whole number > 0";

  /** What an index must be. */
  public static final String NON_NEGATIVE = "a whole number >= 0";

  /** What an epsilon, a rope base or a penalty must be. */
  public static final String POSITIVE_NUMBER = "a number > 0";

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
      root = JsonSyntax.parseStrict(json);
    } catch (JsonParseException e) {
      throw new InvalidPackageException(name + ": malformed JSON: " + JsonSyntax.describe(e), e);
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
    return requireInt(in, field, path, v -> true, "a whole number");
  }

  public Optional<Integer> optionalInt(JsonObject in, String field, String path)
      throws InvalidPackageException {
    return optional(
        in, field, path, "a whole number", JsonFile::isWholeInt, v -> (int) v.getAsDouble());
  }

  /**
   * The whole number at {@code field} if present; an error saying {@code expected} (e.g. {@link
   * #POSITIVE}) when {@code ok} refuses it.
   */
  public Optional<Integer> optionalInt(
      JsonObject in, String field, String path, IntPredicate ok, String expected)
      throws InvalidPackageException {
    return inRange(in, field, path, optionalInt(in, field, path), ok::test, expected);
  }

  public int requireInt(JsonObject in, String field, String path, IntPredicate ok, String expected)
      throws InvalidPackageException {
    return optionalInt(in, field, path, ok, expected)
        .orElseThrow(() -> problem(path + field, "missing"));
  }

  /** As {@link #optionalInt(JsonObject, String, String, IntPredicate, String)} for any number. */
  public Optional<Double> optionalDouble(
      JsonObject in, String field, String path, DoublePredicate ok, String expected)
      throws InvalidPackageException {
    return inRange(in, field, path, optionalDouble(in, field, path), ok::test, expected);
  }

  private <T> Optional<T> inRange(
      JsonObject in, String field, String path, Optional<T> value, Predicate<T> ok, String expected)
      throws InvalidPackageException {
    if (value.isPresent() && !ok.test(value.get())) {
      throw wrong(path + field, expected, in.get(field));
    }
    return value;
  }

  /** A list of strings at {@code field}; empty if absent. */
  public List<String> stringList(JsonObject in, String field, String path)
      throws InvalidPackageException {
    JsonElement value = in.get(field);
    List<String> out = new ArrayList<>();
    if (value == null || value.isJsonNull()) {
      return out;
    }
    if (!value.isJsonArray()) {
      throw wrong(path + field, "a list of strings", value);
    }
    JsonArray array = value.getAsJsonArray();
    for (int i = 0; i < array.size(); i++) {
      JsonElement item = array.get(i);
      if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
        throw wrong(path + field + "[" + i + "]", "a string", item);
      }
      out.add(item.getAsString());
    }
    return out;
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
    return intOrIntList(in, field, path, id -> true, "a whole number");
  }

  /**
   * A whole number or a list of them, each accepted by {@code ok} (else an error naming the entry
   * and {@code expected}); empty if absent.
   */
  public int[] intOrIntList(
      JsonObject in, String field, String path, IntPredicate ok, String expected)
      throws InvalidPackageException {
    JsonElement value = in.get(field);
    if (value == null || value.isJsonNull()) {
      return new int[0];
    }
    if (isNumber(value)) {
      return new int[] {requireInt(in, field, path, ok, expected)};
    }
    if (!value.isJsonArray()) {
      throw wrong(path + field, "a whole number or a list of them", value);
    }
    JsonArray array = value.getAsJsonArray();
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      JsonElement item = array.get(i);
      String at = path + field + "[" + i + "]";
      if (!isWholeInt(item)) {
        throw wrong(at, "a whole number", item);
      }
      out[i] = item.getAsInt();
      if (!ok.test(out[i])) {
        throw wrong(at, expected, item);
      }
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
