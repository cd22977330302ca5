package app.lumen.inference.text.internal;

/**
 * Vocabulary strings to ids, with a lookup of the concatenation of two strings that builds no new
 * string: resolving 151k merges ("a" + "b" -> id) then costs two hash walks, not 151k allocations.
 *
 * <p>Open addressing over parallel arrays; not thread-safe while being filled, read-only
 * afterwards.
 */
final class TokenStringIndex {
  private String[] keys;
  private int[] ids;
  private int size;

  TokenStringIndex(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    keys = new String[capacity];
    ids = new int[capacity];
  }

  int size() {
    return size;
  }

  /** Adds or replaces the id of {@code token}. */
  void put(String token, int id) {
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    int slot = hash(token, "") & mask;
    while (keys[slot] != null) {
      if (keys[slot].equals(token)) {
        ids[slot] = id;
        return;
      }
      slot = (slot + 1) & mask;
    }
    keys[slot] = token;
    ids[slot] = id;
    size++;
  }

  /** The id of {@code token}, or -1. */
  int get(String token) {
    return getConcatenation(token, "");
  }

  /** The id of {@code first + second}, or -1. */
  int getConcatenation(String first, String second) {
    int mask = keys.length - 1;
    int slot = hash(first, second) & mask;
    int length = first.length() + second.length();
    while (true) {
      String key = keys[slot];
      if (key == null) {
        return -1;
      }
      if (key.length() == length
          && key.startsWith(first)
          && key.regionMatches(first.length(), second, 0, second.length())) {
        return ids[slot];
      }
      slot = (slot + 1) & mask;
    }
  }

  private void grow() {
    String[] oldKeys = keys;
    int[] oldIds = ids;
    keys = new String[oldKeys.length * 2];
    ids = new int[oldKeys.length * 2];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null) {
        put(oldKeys[i], oldIds[i]);
      }
    }
  }

  /** FNV-1a over the UTF-16 units of both parts, then a final mix for the low bits. */
  private static int hash(String first, String second) {
    int h = 0x811C9DC5;
    for (int i = 0; i < first.length(); i++) {
      h = (h ^ first.charAt(i)) * 0x01000193;
    }
    for (int i = 0; i < second.length(); i++) {
      h = (h ^ second.charAt(i)) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }
}
