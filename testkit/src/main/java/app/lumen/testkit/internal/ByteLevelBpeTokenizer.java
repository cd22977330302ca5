package app.lumen.testkit.internal;

import app.lumen.pkg.QwenTokenizerFormat;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small byte-level BPE tokenizer in Hugging Face {@code tokenizer.json} form, shaped like Qwen's:
 * the 256 byte tokens in GPT-2 order, merges learned from a fixed English text, Qwen's normalizer /
 * split regex / byte-level decoder, and Qwen's 26 added tokens in their real order and with their
 * real flags. Deterministic: no seed, the same file every time.
 */
public final class ByteLevelBpeTokenizer {
  private final LinkedHashMap<String, Integer> vocab = new LinkedHashMap<>();
  private final List<String[]> merges = new ArrayList<>();
  private final LinkedHashMap<String, Integer> addedIds = new LinkedHashMap<>();

  private ByteLevelBpeTokenizer() {}

  /** Learns up to {@code mergeCount} merges from {@code corpus}. */
  public static ByteLevelBpeTokenizer train(String corpus, int mergeCount) {
    ByteLevelBpeTokenizer t = new ByteLevelBpeTokenizer();
    String[] byteChars = byteToUnicode();
    for (int i = 0; i < 256; i++) {
      t.vocab.put(byteChars[BYTE_ORDER[i]], i);
    }
    t.learnMerges(corpus, mergeCount, byteChars);
    int next = t.vocab.size();
    for (QwenTokenizerFormat.AddedToken added : QwenTokenizerFormat.ADDED_TOKENS) {
      t.addedIds.put(added.content(), next++);
    }
    return t;
  }

  /** Number of ids the tokenizer can produce (vocab + added tokens). */
  public int size() {
    return vocab.size() + addedIds.size();
  }

  /** The id of an added token such as {@code <|image_pad|>}. */
  public int addedId(String content) {
    Integer id = addedIds.get(content);
    if (id == null) {
      throw new IllegalArgumentException("no added token " + content);
    }
    return id;
  }

  /** The added tokens (content → id) in id order. */
  public Map<String, Integer> addedTokens() {
    return new LinkedHashMap<>(addedIds);
  }

  /** The added tokens with ids and flags, and the tokenizer's id count. */
  public AddedTokens added() {
    List<AddedTokens.Token> list = new ArrayList<>();
    addedIds.forEach(
        (content, id) -> list.add(new AddedTokens.Token(content, id, isSpecial(content))));
    return new AddedTokens(list, size());
  }

  /** Whether an added token is marked special (as in Qwen's own tokenizer). */
  public static boolean isSpecial(String content) {
    for (QwenTokenizerFormat.AddedToken added : QwenTokenizerFormat.ADDED_TOKENS) {
      if (added.content().equals(content)) {
        return added.special();
      }
    }
    throw new IllegalArgumentException("no added token " + content);
  }

  /** The whole {@code tokenizer.json} document. */
  public JsonObject toJson() {
    JsonObject root = new JsonObject();
    root.addProperty("version", "1.0");
    root.add("truncation", JsonNull.INSTANCE);
    root.add("padding", JsonNull.INSTANCE);
    JsonArray added = new JsonArray();
    for (Map.Entry<String, Integer> e : addedIds.entrySet()) {
      JsonObject a = new JsonObject();
      a.addProperty("id", e.getValue());
      a.addProperty("content", e.getKey());
      a.addProperty("single_word", false);
      a.addProperty("lstrip", false);
      a.addProperty("rstrip", false);
      a.addProperty("normalized", false);
      a.addProperty("special", isSpecial(e.getKey()));
      added.add(a);
    }
    root.add("added_tokens", added);
    root.add("normalizer", JsonParser.parseString("{\"type\":\"NFC\"}"));
    JsonObject split = new JsonObject();
    split.addProperty("type", "Split");
    JsonObject pattern = new JsonObject();
    pattern.addProperty("Regex", QwenTokenizerFormat.SPLIT_PATTERN);
    split.add("pattern", pattern);
    split.addProperty("behavior", "Isolated");
    split.addProperty("invert", false);
    JsonObject pre = new JsonObject();
    pre.addProperty("type", "Sequence");
    JsonArray pres = new JsonArray();
    pres.add(split);
    pres.add(byteLevel());
    pre.add("pretokenizers", pres);
    root.add("pre_tokenizer", pre);
    root.add("post_processor", byteLevel());
    root.add("decoder", byteLevel());
    JsonObject model = new JsonObject();
    model.addProperty("type", "BPE");
    model.add("dropout", JsonNull.INSTANCE);
    model.add("unk_token", JsonNull.INSTANCE);
    model.addProperty("continuing_subword_prefix", "");
    model.addProperty("end_of_word_suffix", "");
    model.addProperty("fuse_unk", false);
    model.addProperty("byte_fallback", false);
    model.addProperty("ignore_merges", false);
    JsonObject v = new JsonObject();
    vocab.forEach(v::addProperty);
    model.add("vocab", v);
    JsonArray m = new JsonArray();
    for (String[] pair : merges) {
      JsonArray p = new JsonArray();
      p.add(pair[0]);
      p.add(pair[1]);
      m.add(p);
    }
    model.add("merges", m);
    root.add("model", model);
    return root;
  }

  private static JsonObject byteLevel() {
    JsonObject b = new JsonObject();
    b.addProperty("type", "ByteLevel");
    b.addProperty("add_prefix_space", false);
    b.addProperty("trim_offsets", false);
    b.addProperty("use_regex", false);
    return b;
  }

  /**
   * Classic BPE training: count adjacent pairs over the pre-tokenized words (weighted by word
   * frequency), merge the most frequent (ties: the lexicographically smallest pair), repeat.
   */
  private void learnMerges(String corpus, int mergeCount, String[] byteChars) {
    TreeMap<String, Integer> wordCounts = new TreeMap<>();
    Matcher m = Pattern.compile(QwenTokenizerFormat.SPLIT_PATTERN).matcher(corpus);
    while (m.find()) {
      wordCounts.merge(m.group(), 1, Integer::sum);
    }
    List<List<String>> words = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    for (Map.Entry<String, Integer> e : wordCounts.entrySet()) {
      List<String> symbols = new ArrayList<>();
      for (byte b : e.getKey().getBytes(StandardCharsets.UTF_8)) {
        symbols.add(byteChars[b & 0xff]);
      }
      words.add(symbols);
      counts.add(e.getValue());
    }
    while (merges.size() < mergeCount) {
      Map<String, Integer> pairCounts = new HashMap<>();
      for (int w = 0; w < words.size(); w++) {
        List<String> s = words.get(w);
        for (int i = 0; i + 1 < s.size(); i++) {
          pairCounts.merge(s.get(i) + " " + s.get(i + 1), counts.get(w), Integer::sum);
        }
      }
      String best = null;
      int bestCount = 1; // a pair seen once teaches nothing
      for (Map.Entry<String, Integer> e : pairCounts.entrySet()) {
        int c = e.getValue();
        if (c > bestCount || (c == bestCount && best != null && e.getKey().compareTo(best) < 0)) {
          best = e.getKey();
          bestCount = c;
        }
      }
      if (best == null) {
        break;
      }
      int space = best.indexOf(' ', 1);
      String left = best.substring(0, space);
      String right = best.substring(space + 1);
      merges.add(new String[] {left, right});
      vocab.putIfAbsent(left + right, vocab.size());
      for (List<String> s : words) {
        for (int i = 0; i + 1 < s.size(); i++) {
          if (s.get(i).equals(left) && s.get(i + 1).equals(right)) {
            s.set(i, left + right);
            s.remove(i + 1);
          }
        }
      }
    }
  }

  /** Bytes in vocabulary order: printable Latin-1 first, then the rest (GPT-2's order). */
  private static final int[] BYTE_ORDER = byteOrder();

  private static int[] byteOrder() {
    int[] order = new int[256];
    int n = 0;
    for (int b = 0; b < 256; b++) {
      if (isPrintable(b)) {
        order[n++] = b;
      }
    }
    for (int b = 0; b < 256; b++) {
      if (!isPrintable(b)) {
        order[n++] = b;
      }
    }
    return order;
  }

  private static boolean isPrintable(int b) {
    return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
  }

  /** GPT-2's bytes_to_unicode: printable bytes map to themselves, others to U+0100 onwards. */
  static String[] byteToUnicode() {
    String[] map = new String[256];
    int extra = 0;
    for (int b = 0; b < 256; b++) {
      map[b] = isPrintable(b) ? String.valueOf((char) b) : String.valueOf((char) (256 + extra++));
    }
    return map;
  }
}
