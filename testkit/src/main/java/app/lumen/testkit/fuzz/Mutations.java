package app.lumen.testkit.fuzz;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Small random edits of valid inputs, the kind that reach the corners of a parser: bit flips,
 * boundary values written over header fields, cuts, duplicated and deleted ranges. Every result is
 * at most a few times the size of its input, so no edit alone makes a target slow.
 */
public final class Mutations {
  /** Values that sit on the edges of signed and unsigned fields. */
  private static final int[] EDGE_INTS = {
    0, 1, -1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000
  };

  private static final Object[] EDGE_JSON = {
    0,
    -1,
    1.5,
    1e308,
    -1e308,
    65536,
    2147483647,
    2147483648L,
    9007199254740993L,
    "",
    "x",
    true,
    false
  };

  private static final int MAX_DUPLICATE = 4096;

  private Mutations() {}

  /** {@code input} with one to {@code maxEdits} random byte-level edits. */
  public static byte[] bytes(byte[] input, Random random, int maxEdits) {
    byte[] b = input.clone();
    int edits = 1 + random.nextInt(maxEdits);
    for (int e = 0; e < edits; e++) {
      b = byteEdit(b, random);
    }
    return b;
  }

  private static byte[] byteEdit(byte[] b, Random random) {
    if (b.length == 0) {
      return new byte[] {(byte) random.nextInt(256)};
    }
    int at = random.nextInt(b.length);
    switch (random.nextInt(7)) {
      case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
      case 1 -> b[at] = (byte) random.nextInt(256);
      case 2 -> writeInt(b, at, EDGE_INTS[random.nextInt(EDGE_INTS.length)], random.nextBoolean());
      case 3 -> b = Arrays.copyOf(b, at);
      case 4 -> {
        int length = Math.min(1 + random.nextInt(b.length - at), MAX_DUPLICATE);
        b = splice(b, at + length, Arrays.copyOfRange(b, at, at + length), 0);
      }
      case 5 -> {
        int length = 1 + random.nextInt(Math.min(b.length - at, 64));
        b = splice(b, at, new byte[0], length);
      }
      default -> {
        byte[] insert = new byte[1 + random.nextInt(16)];
        random.nextBytes(insert);
        b = splice(b, at, insert, 0);
      }
    }
    return b;
  }

  /** {@code b} with {@code removed} bytes at {@code at} replaced by {@code insert}. */
  private static byte[] splice(byte[] b, int at, byte[] insert, int removed) {
    byte[] out = new byte[b.length - removed + insert.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(b, at + removed, out, at + insert.length, b.length - at - removed);
    return out;
  }

  private static void writeInt(byte[] b, int at, int value, boolean bigEndian) {
    for (int i = 0; i < 4 && at + i < b.length; i++) {
      int shift = bigEndian ? 24 - 8 * i : 8 * i;
      b[at + i] = (byte) (value >>> shift);
    }
  }

  /**
   * {@code text} with one to {@code maxEdits} edits: ranges deleted or duplicated, and pieces of
   * {@code vocabulary} (the syntax the parser cares about) or random characters inserted.
   */
  public static String text(String text, Random random, int maxEdits, List<String> vocabulary) {
    StringBuilder s = new StringBuilder(text);
    int edits = 1 + random.nextInt(maxEdits);
    for (int e = 0; e < edits; e++) {
      int at = s.length() == 0 ? 0 : random.nextInt(s.length() + 1);
      int length = s.length() == at ? 0 : 1 + random.nextInt(Math.min(s.length() - at, 80));
      switch (random.nextInt(5)) {
        case 0 -> s.delete(at, at + length);
        case 1 -> s.insert(at, s.substring(at, at + length));
        case 2 -> s.insert(at, vocabulary.get(random.nextInt(vocabulary.size())));
        case 3 -> s.insert(at, randomText(random, 1 + random.nextInt(8)));
        default -> {
          if (length > 0) {
            s.setCharAt(at, (char) random.nextInt(0x80));
          }
        }
      }
    }
    return s.toString();
  }

  /**
   * Random text from every corner of UTF-16: ASCII, Latin, CJK, emoji, combining marks, controls,
   * and lone surrogate halves.
   */
  public static String randomText(Random random, int length) {
    StringBuilder s = new StringBuilder(length);
    while (s.length() < length) {
      switch (random.nextInt(8)) {
        case 0 -> s.append((char) (0x20 + random.nextInt(0x5F)));
        case 1 -> s.append((char) random.nextInt(0x20));
        case 2 -> s.append((char) (0xA0 + random.nextInt(0x2F0)));
        case 3 -> s.append((char) (0x4E00 + random.nextInt(0x5000)));
        case 4 -> s.appendCodePoint(0x1F300 + random.nextInt(0x300));
        case 5 -> s.append((char) (0x300 + random.nextInt(0x70)));
        case 6 -> s.append((char) (0xD800 + random.nextInt(0x800)));
        default -> s.appendCodePoint(random.nextInt(0x110000));
      }
    }
    return s.toString();
  }

  /**
   * A deep copy of {@code json} with one to {@code maxEdits} structural edits: a value replaced by
   * one of another type or on the edge of its range, a key removed, an array emptied or doubled.
   */
  public static JsonElement json(JsonElement json, Random random, int maxEdits) {
    JsonElement copy = json.deepCopy();
    int edits = 1 + random.nextInt(maxEdits);
    for (int e = 0; e < edits; e++) {
      List<JsonElement> containers = new ArrayList<>();
      collectContainers(copy, containers);
      if (containers.isEmpty()) {
        return edgeValue(random);
      }
      JsonElement container = containers.get(random.nextInt(containers.size()));
      if (container.isJsonObject()) {
        editObject(container.getAsJsonObject(), random);
      } else {
        editArray(container.getAsJsonArray(), random);
      }
    }
    return copy;
  }

  private static void collectContainers(JsonElement json, List<JsonElement> out) {
    if (json.isJsonObject()) {
      out.add(json);
      for (Map.Entry<String, JsonElement> entry : json.getAsJsonObject().entrySet()) {
        collectContainers(entry.getValue(), out);
      }
    } else if (json.isJsonArray()) {
      out.add(json);
      for (JsonElement item : json.getAsJsonArray()) {
        collectContainers(item, out);
      }
    }
  }

  private static void editObject(JsonObject object, Random random) {
    List<String> keys = new ArrayList<>(object.keySet());
    if (keys.isEmpty()) {
      object.add("x", edgeValue(random));
      return;
    }
    String key = keys.get(random.nextInt(keys.size()));
    switch (random.nextInt(3)) {
      case 0 -> object.remove(key);
      case 1 -> object.add(key, edgeValue(random));
      default -> object.add(key, JsonNull.INSTANCE);
    }
  }

  private static void editArray(JsonArray array, Random random) {
    if (array.isEmpty()) {
      array.add(edgeValue(random));
      return;
    }
    int at = random.nextInt(array.size());
    switch (random.nextInt(4)) {
      case 0 -> array.remove(at);
      case 1 -> array.set(at, edgeValue(random));
      case 2 -> array.add(array.get(at).deepCopy());
      default -> {
        while (!array.isEmpty()) {
          array.remove(0);
        }
      }
    }
  }

  private static JsonElement edgeValue(Random random) {
    int pick = random.nextInt(EDGE_JSON.length + 3);
    if (pick == EDGE_JSON.length) {
      return new JsonArray();
    }
    if (pick == EDGE_JSON.length + 1) {
      return new JsonObject();
    }
    if (pick == EDGE_JSON.length + 2) {
      return new JsonPrimitive(randomText(random, 1 + random.nextInt(6)));
    }
    Object value = EDGE_JSON[pick];
    if (value instanceof Number number) {
      return new JsonPrimitive(number);
    }
    if (value instanceof Boolean bool) {
      return new JsonPrimitive(bool);
    }
    return new JsonPrimitive((String) value);
  }

  /** The start of {@code input} for a failure message: text when it is text, else hex. */
  public static String preview(byte[] input) {
    int shown = Math.min(input.length, 400);
    String text = new String(input, 0, shown, StandardCharsets.UTF_8);
    boolean printable = text.chars().allMatch(c -> c >= 0x20 || c == '\n' || c == '\t');
    if (printable && text.indexOf('\uFFFD') < 0) {
      return '"' + text + '"' + (shown < input.length ? "…" : "");
    }
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < shown; i++) {
      hex.append(String.format("%02x", input[i] & 0xFF));
    }
    return hex + (shown < input.length ? "…" : "");
  }

  /** UTF-16 text as bytes for a failure file, lone surrogates included (UTF-16BE). */
  public static byte[] utf16(String text) {
    return text.getBytes(StandardCharsets.UTF_16BE);
  }
}
