package app.lumen.inference.text;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import org.junit.Test;

/** Hand-checked behaviour of the tokenizer on the real Qwen vocabulary. */
public class TokenizerBehaviourTest {
  private final Tokenizer tokenizer = QwenTestResources.tokenizer();

  @Test
  public void knownQwenIds_helloWorldNewlineAndDigitsOneByOne() {
    // Ids published with the Qwen2 vocabulary (llama.cpp's Qwen2 tokenizer test and model cards).
    assertArrayEquals(new int[] {9707, 1879}, tokenizer.encode("Hello world"));
    assertArrayEquals(new int[] {198}, tokenizer.encode("\n"));
    assertArrayEquals(new int[] {16, 17, 18}, tokenizer.encode("123"));
  }

  /**
   * Splits worked out by hand from the split pattern, each piece looked up in the vocabulary
   * (tokenizer.json, read with a separate script): every piece below is one vocabulary entry.
   */
  @Test
  public void handCheckedSplits_giveOneVocabularyIdPerPiece() {
    // "\s+(?!\S)" leaves the last space of a run to the word that follows it.
    assertArrayEquals(new int[] {220, 23811}, tokenizer.encode("  hello"));
    // Digits one by one.
    assertArrayEquals(new int[] {17, 15, 17, 19}, tokenizer.encode("2024"));
    // Whitespace up to the last newline is one piece; the space goes with the next word.
    assertArrayEquals(new int[] {14990, 271, 1879}, tokenizer.encode("hello\n\n world"));
    // Contractions are pieces of their own.
    assertArrayEquals(new int[] {1513, 944}, tokenizer.encode(" don't"));
    // A space before an emoji joins it (a symbol run), as does a space before a word.
    assertArrayEquals(new int[] {90316}, tokenizer.encode(" 😀"));
    assertArrayEquals(new int[] {108386}, tokenizer.encode("你好"));
    // Trailing whitespace at the end of the text stays one run.
    assertArrayEquals(new int[] {262}, tokenizer.encode("   "));
    assertArrayEquals(new int[] {197}, tokenizer.encode("\t"));
    // An added token inside text splits it and becomes its own id.
    int imEnd = tokenizer.requireTokenId("<|im_end|>");
    assertArrayEquals(new int[] {14990, imEnd, 23811}, tokenizer.encode("hello<|im_end|> hello"));
  }

  @Test
  public void concurrentEncoding_fromManyThreads_equalsSequentialEncoding() throws Exception {
    String[] texts = new String[64];
    for (int i = 0; i < texts.length; i++) {
      texts[i] = "Thread-safe text " + i + " with 中文, emoji 😀 and words repeated " + (i % 7);
    }
    int[][] expected = new int[texts.length][];
    for (int i = 0; i < texts.length; i++) {
      expected[i] = tokenizer.encode(texts[i]);
    }
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      java.util.List<java.util.concurrent.Future<int[]>> results = new java.util.ArrayList<>();
      for (int round = 0; round < 8; round++) {
        for (String text : texts) {
          results.add(pool.submit(() -> tokenizer.encode(text)));
        }
      }
      for (int i = 0; i < results.size(); i++) {
        assertArrayEquals(expected[i % texts.length], results.get(i).get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  public void addedTokens_areMatchedWholeInEncode_butNotInPlainText() {
    int imEnd = tokenizer.requireTokenId("<|im_end|>");
    int[] ids = tokenizer.encode("a<|im_end|>b");
    assertEquals(3, ids.length);
    assertEquals(imEnd, ids[1]);
    int[] plain = tokenizer.encodePlainText("a<|im_end|>b");
    for (int id : plain) {
      assertTrue(id != imEnd);
    }
    assertEquals("a<|im_end|>b", tokenizer.decode(plain));
  }

  @Test
  public void specialFlags_followTokenizerJson() {
    assertTrue(tokenizer.isSpecial(tokenizer.requireTokenId("<|im_start|>")));
    assertTrue(tokenizer.isSpecial(tokenizer.requireTokenId("<|image_pad|>")));
    // <think> is an added token but not a special one: it stays in skip-special decodes.
    int think = tokenizer.requireTokenId("<think>");
    assertFalse(tokenizer.isSpecial(think));
    assertEquals("<think>", tokenizer.decode(new int[] {think}, true));
  }

  @Test
  public void streamingDecoder_holdsBackAnEmojiSplitAcrossByteTokens() {
    // "😀" is F0 9F 98 80; a model may emit it as four single-byte tokens.
    int[] bytes = byteTokens("😀");
    assertEquals(4, bytes.length);
    StreamingDecoder decoder = tokenizer.newStreamingDecoder(false);
    StringBuilder seen = new StringBuilder();
    for (int i = 0; i < bytes.length - 1; i++) {
      String piece = decoder.append(bytes[i]);
      assertEquals("no partial character is released", "", piece);
    }
    seen.append(decoder.append(bytes[bytes.length - 1]));
    assertEquals("😀", seen.toString());
    assertEquals("", decoder.finish());
  }

  @Test
  public void streamingDecoder_releasesAnUnfinishedCharacterAsReplacementOnFinish() {
    int[] bytes = byteTokens("中");
    StreamingDecoder decoder = tokenizer.newStreamingDecoder(false);
    assertEquals("", decoder.append(bytes[0]));
    assertEquals("\uFFFD", decoder.finish());
  }

  @Test
  public void longRunOfOneLetter_encodesAndRoundTrips() {
    String word = "a".repeat(20_000);
    int[] ids = tokenizer.encode(word);
    assertTrue(ids.length < word.length() / 4);
    assertEquals(word, tokenizer.decode(ids));
  }

  @Test
  public void whiteSpaceBeyondAscii_isSplitLikeWhitespace() {
    // U+3000 (ideographic space) is White_Space: "\u3000x" starts a new pre-token, unlike
    // "\u00ADx".
    assertEquals(tokenizer.decode(tokenizer.encode("a\u3000b")), "a\u3000b");
    int[] withSpace = tokenizer.encode("a\u3000b");
    assertEquals(tokenizer.encode("a")[0], withSpace[0]);
  }

  @Test
  public void idOutsideVocabulary_isRejectedWithTheRange() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> tokenizer.decode(new int[] {999_999}));
    assertTrue(e.getMessage(), e.getMessage().contains("999999"));
  }

  @Test
  public void malformedJson_namesTheSourceAndPosition() {
    TokenizerFormatException e =
        assertThrows(
            TokenizerFormatException.class,
            () -> Tokenizer.read(new StringReader("{\"model\": {\"vocab\": {\"a\": "), "tok.json"));
    assertTrue(
        e.getMessage(), e.getMessage().startsWith("tok.json: malformed JSON at $.model.vocab"));
  }

  @Test
  public void unsupportedModelType_isRefusedNamingTheField() {
    TokenizerFormatException e =
        assertThrows(
            TokenizerFormatException.class,
            () ->
                Tokenizer.read(new StringReader("{\"model\": {\"type\": \"Unigram\"}}"), "t.json"));
    assertEquals("t.json: model.type: expected BPE, found Unigram", e.getMessage());
  }

  @Test
  public void mergeOfUnknownToken_isRefusedNamingTheMerge() {
    String json =
        "{\"pre_tokenizer\": {\"type\": \"ByteLevel\", \"add_prefix_space\": false},"
            + " \"model\": {\"type\": \"BPE\", \"vocab\": "
            + byteVocabulary()
            + ", \"merges\": [[\"a\", \"zz\"]]}}";
    TokenizerFormatException e =
        assertThrows(
            TokenizerFormatException.class, () -> Tokenizer.read(new StringReader(json), "t"));
    assertEquals("t: model.merges[0]: token \"zz\" is not in model.vocab", e.getMessage());
  }

  @Test
  public void addedTokenIdsOutsideTheVocabulary_areRefusedNamingTheFileAndToken() {
    // 256 byte tokens + 1 added token: ids 0..256. 10^12 must not be truncated into range.
    for (String id : new String[] {"-5", "1000000000000", "257", "2.5", "\"7\""}) {
      TokenizerFormatException e =
          assertThrows(
              id,
              TokenizerFormatException.class,
              () -> Tokenizer.read(new StringReader(withAddedToken(id)), "pkg/tokenizer.json"));
      assertTrue(e.getMessage(), e.getMessage().startsWith("pkg/tokenizer.json: added_tokens[0]"));
      assertTrue(e.getMessage(), e.getMessage().contains("<|x|>"));
    }
  }

  @Test
  public void hugeVocabularyId_isRefusedBeforeAnyArrayIsSized() {
    String vocabulary =
        byteVocabulary().substring(0, byteVocabulary().length() - 1) + ",\"zz\":2000000000}";
    String json =
        "{\"pre_tokenizer\": {\"type\": \"ByteLevel\", \"add_prefix_space\": false},"
            + " \"model\": {\"type\": \"BPE\", \"vocab\": "
            + vocabulary
            + ", \"merges\": []}}";
    TokenizerFormatException e =
        assertThrows(
            TokenizerFormatException.class,
            () -> Tokenizer.read(new StringReader(json), "tokenizer.json"));
    assertTrue(e.getMessage(), e.getMessage().startsWith("tokenizer.json: model.vocab[\"zz\"]"));
    assertTrue(e.getMessage(), e.getMessage().contains("2000000000"));
  }

  @Test
  public void valuesOfTheWrongKind_areFormatProblems_notCrashes() {
    // Found by TokenizerFuzzTest: Gson's getAs* and getAsJsonArray(name) threw
    // UnsupportedOperationException, ClassCastException and (for a missing list)
    // NullPointerException out of Tokenizer.read.
    String vocabulary = "\"model\": {\"type\": \"BPE\", \"vocab\": " + byteVocabulary() + "}";
    String[] broken = {
      "{\"added_tokens\": [{\"id\": 1, \"content\": {}}], " + vocabulary + "}",
      "{\"pre_tokenizer\": {\"type\": \"Sequence\", \"pretokenizers\": 1.5}, " + vocabulary + "}",
      "{\"normalizer\": {\"type\": \"Sequence\"}, " + vocabulary + "}",
    };
    for (String json : broken) {
      TokenizerFormatException e =
          assertThrows(
              json,
              TokenizerFormatException.class,
              () -> Tokenizer.read(new StringReader(json), "tokenizer.json"));
      assertTrue(e.getMessage(), e.getMessage().startsWith("tokenizer.json: "));
    }
  }

  /**
   * A byte-level tokenizer whose one added token {@code <|x|>} has the id written as {@code id}.
   */
  private static String withAddedToken(String id) {
    return "{\"added_tokens\": [{\"id\": "
        + id
        + ", \"content\": \"<|x|>\", \"special\": true}],"
        + " \"pre_tokenizer\": {\"type\": \"ByteLevel\", \"add_prefix_space\": false},"
        + " \"model\": {\"type\": \"BPE\", \"vocab\": "
        + byteVocabulary()
        + ", \"merges\": []}}";
  }

  @Test
  public void minimalByteLevelTokenizer_withGpt2Split_encodesEachByte() throws IOException {
    String json =
        "{\"pre_tokenizer\": {\"type\": \"ByteLevel\", \"add_prefix_space\": false},"
            + " \"model\": {\"type\": \"BPE\", \"vocab\": "
            + byteVocabulary()
            + ", \"merges\": []}}";
    Tokenizer bytesOnly = Tokenizer.read(new StringReader(json), "t");
    assertEquals(256, bytesOnly.vocabularySize());
    assertEquals(3, bytesOnly.encode("a b").length);
    assertEquals("a b", bytesOnly.decode(bytesOnly.encode("a b")));
  }

  /** The single-byte tokens of the UTF-8 bytes of {@code text}. */
  private int[] byteTokens(String text) {
    byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int[] ids = new int[utf8.length];
    for (int i = 0; i < utf8.length; i++) {
      ids[i] = tokenizer.requireTokenId(String.valueOf(byteChar(utf8[i] & 0xFF)));
    }
    return ids;
  }

  /** GPT-2's byte-level alphabet, written out independently of the production table. */
  private static char byteChar(int b) {
    int shifted = 0;
    for (int x = 0; x < b; x++) {
      if (!printable(x)) {
        shifted++;
      }
    }
    return printable(b) ? (char) b : (char) (256 + shifted);
  }

  private static boolean printable(int b) {
    return (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174);
  }

  /** A vocabulary of the 256 byte-level characters, ids in byte order. */
  private static String byteVocabulary() {
    StringBuilder vocab = new StringBuilder("{");
    for (int b = 0; b < 256; b++) {
      if (b > 0) {
        vocab.append(',');
      }
      vocab
          .append(new com.google.gson.Gson().toJson(String.valueOf(byteChar(b))))
          .append(':')
          .append(b);
    }
    return vocab.append('}').toString();
  }
}
