package app.lumen.inference.text.internal;

import app.lumen.inference.text.StreamingDecoder;
import app.lumen.inference.text.Tokenizer;
import app.lumen.inference.text.internal.AddedTokenMatcher.AddedToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hugging Face's byte-level BPE pipeline: added tokens split out whole, NFC, the split pattern,
 * bytes mapped to the byte-level alphabet, BPE merges by rank; decoding maps token characters back
 * to bytes and bytes to UTF-8 text.
 *
 * <p>Immutable apart from a bounded, concurrent cache of encoded words; safe to share.
 */
public final class ByteLevelBpeTokenizer implements Tokenizer {
  // Natural text repeats a few thousand words; the cap only bounds memory on adversarial input.
  private static final int WORD_CACHE_LIMIT = 65_536;
  // Longer pre-tokens are rare and seldom repeat: caching them would only churn memory.
  private static final int CACHEABLE_WORD_LENGTH = 64;

  private final String[] idToToken;
  private final TokenStringIndex index;
  private final int[] byteIds;
  private final PairMergeTable merges;
  private final AddedTokenMatcher addedTokens;
  private final boolean[] special;
  private final boolean[] added;
  private final Pattern split;
  // The split pattern is Qwen's: use the scanner that finds the same pieces without regex matching.
  private final boolean qwenSplit;
  private final boolean nfc;
  private final boolean ignoreMerges;
  private final ConcurrentHashMap<String, int[]> wordCache = new ConcurrentHashMap<>();

  ByteLevelBpeTokenizer(
      String[] idToToken,
      TokenStringIndex index,
      int[] byteIds,
      PairMergeTable merges,
      List<AddedToken> addedTokens,
      Pattern split,
      boolean qwenSplit,
      boolean nfc,
      boolean ignoreMerges) {
    this.idToToken = idToToken;
    this.index = index;
    this.byteIds = byteIds;
    this.merges = merges;
    this.addedTokens = new AddedTokenMatcher(addedTokens);
    this.special = new boolean[idToToken.length];
    this.added = new boolean[idToToken.length];
    for (AddedToken token : addedTokens) {
      special[token.id()] = token.special();
      added[token.id()] = true;
    }
    this.split = split;
    this.qwenSplit = qwenSplit;
    this.nfc = nfc;
    this.ignoreMerges = ignoreMerges;
  }

  public static ByteLevelBpeTokenizer load(Path tokenizerJson) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(tokenizerJson, StandardCharsets.UTF_8)) {
      return read(reader, tokenizerJson.toString());
    }
  }

  public static ByteLevelBpeTokenizer read(Reader json, String source) throws IOException {
    return TokenizerJsonReader.read(json, source);
  }

  @Override
  public int[] encode(String text) {
    IntList ids = new IntList(Math.max(16, text.length() / 3));
    addedTokens.split(
        text,
        new AddedTokenMatcher.Sink() {
          @Override
          public void text(String whole, int start, int end) {
            encodeText(whole.substring(start, end), ids);
          }

          @Override
          public void token(int id) {
            ids.add(id);
          }
        });
    return ids.toArray();
  }

  @Override
  public int[] encodePlainText(String text) {
    IntList ids = new IntList(Math.max(16, text.length() / 3));
    encodeText(text, ids);
    return ids.toArray();
  }

  private void encodeText(String text, IntList out) {
    String normalized =
        nfc && !Normalizer.isNormalized(text, Normalizer.Form.NFC)
            ? Normalizer.normalize(text, Normalizer.Form.NFC)
            : text;
    if (split == null) {
      encodeWord(normalized, out);
      return;
    }
    if (qwenSplit) {
      QwenSplitter.split(
          normalized, (start, end) -> encodeWord(normalized.substring(start, end), out));
      return;
    }
    Matcher matcher = split.matcher(normalized);
    int last = 0;
    while (matcher.find()) {
      if (matcher.start() > last) {
        encodeWord(normalized.substring(last, matcher.start()), out);
      }
      if (matcher.end() > matcher.start()) {
        encodeWord(normalized.substring(matcher.start(), matcher.end()), out);
      }
      last = matcher.end();
    }
    if (last < normalized.length()) {
      encodeWord(normalized.substring(last), out);
    }
  }

  private void encodeWord(String word, IntList out) {
    if (word.length() == 1 && word.charAt(0) < 0x80) {
      out.add(byteIds[word.charAt(0)]);
      return;
    }
    boolean cacheable = word.length() <= CACHEABLE_WORD_LENGTH;
    int[] ids = cacheable ? wordCache.get(word) : null;
    if (ids == null) {
      ids = bytePairEncode(word);
      if (cacheable) {
        if (wordCache.size() >= WORD_CACHE_LIMIT) {
          wordCache.clear();
        }
        wordCache.put(word, ids);
      }
    }
    out.addAll(ids);
  }

  private int[] bytePairEncode(String word) {
    byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
    if (ignoreMerges) {
      int whole = index.get(toByteLevel(bytes));
      if (whole >= 0 && !added[whole]) {
        return new int[] {whole};
      }
    }
    int[] symbols = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      symbols[i] = byteIds[bytes[i] & 0xFF];
    }
    return BpeMerger.merge(symbols, merges);
  }

  private static String toByteLevel(byte[] bytes) {
    char[] chars = new char[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      chars[i] = ByteLevelAlphabet.charOf(bytes[i] & 0xFF);
    }
    return new String(chars);
  }

  @Override
  public String decode(int[] ids, boolean skipSpecialTokens) {
    ByteSink bytes = new ByteSink(ids.length * 4);
    for (int id : ids) {
      appendBytes(id, skipSpecialTokens, bytes);
    }
    StringBuilder text = new StringBuilder(bytes.length());
    Utf8.decode(bytes.array(), 0, bytes.length(), text);
    return text.toString();
  }

  void appendBytes(int id, boolean skipSpecialTokens, ByteSink out) {
    checkId(id);
    String token = idToToken[id];
    if (token == null || (skipSpecialTokens && special[id])) {
      return;
    }
    if (added[id]) {
      out.add(token.getBytes(StandardCharsets.UTF_8));
      return;
    }
    for (int i = 0; i < token.length(); i++) {
      int b = ByteLevelAlphabet.byteOf(token.charAt(i));
      if (b >= 0) {
        out.add((byte) b);
      } else {
        out.add(String.valueOf(token.charAt(i)).getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  @Override
  public StreamingDecoder newStreamingDecoder(boolean skipSpecialTokens) {
    return new Utf8StreamingDecoder(this, skipSpecialTokens);
  }

  @Override
  public OptionalInt tokenId(String token) {
    int id = index.get(token);
    return id < 0 ? OptionalInt.empty() : OptionalInt.of(id);
  }

  @Override
  public String tokenText(int id) {
    checkId(id);
    return idToToken[id];
  }

  @Override
  public boolean isSpecial(int id) {
    checkId(id);
    return special[id];
  }

  @Override
  public int vocabularySize() {
    return idToToken.length;
  }

  private void checkId(int id) {
    if (id < 0 || id >= idToToken.length) {
      throw new IllegalArgumentException(
          "token id " + id + " is outside the vocabulary (0.." + (idToToken.length - 1) + ")");
    }
  }
}
