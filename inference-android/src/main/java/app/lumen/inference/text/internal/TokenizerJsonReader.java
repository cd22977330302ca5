package app.lumen.inference.text.internal;

import app.lumen.inference.text.TokenizerFormatException;
import app.lumen.inference.text.internal.AddedTokenMatcher.AddedToken;
import app.lumen.pkg.JsonSyntax;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Streams a {@code tokenizer.json} into the tables of a {@link ByteLevelBpeTokenizer}. The
 * vocabulary and merges (the bulk of an 11 MB file) are read token by token with Gson's {@link
 * JsonReader} and never held as a JSON tree; the small pipeline sections are parsed as trees and
 * checked against what the tokenizer implements, so an unsupported file fails at load time with the
 * field named, instead of tokenizing differently from the reference.
 */
final class TokenizerJsonReader {
  private final String source;

  // Sized for the ~152k-token Qwen vocabulary; both grow for larger ones (Qwen3.5: 248k).
  private final TokenStringIndex index = new TokenStringIndex(160_000);
  // Vocabulary entries in file order; arrays indexed by id are sized only once every id was
  // checked against the number of tokens, so a stray huge id cannot exhaust memory.
  private final List<String> vocabTokens = new ArrayList<>(160_000);
  private final IntList vocabIds = new IntList(160_000);
  private final PairMergeTable.Builder merges = new PairMergeTable.Builder(160_000);
  private int mergeCount;
  // Merges that came before the vocabulary in the file (unusual): resolved once it is known.
  private final List<String> pendingMerges = new ArrayList<>();
  private final List<AddedToken> addedTokens = new ArrayList<>();
  private boolean nfc;
  private Pattern splitPattern;
  private boolean sawModel;
  private boolean sawPreTokenizer;
  private boolean ignoreMerges;
  private boolean qwenSplit;

  private TokenizerJsonReader(String source) {
    this.source = source;
  }

  static ByteLevelBpeTokenizer read(Reader json, String source) throws IOException {
    TokenizerJsonReader reader = new TokenizerJsonReader(source);
    JsonReader in = new JsonReader(json);
    // RFC 8259 only: a lenient reader would take single quotes, comments or bare words for
    // something the file's writer may not have meant.
    in.setStrictness(Strictness.STRICT);
    try {
      reader.readRoot(in);
      JsonSyntax.requireEnd(in);
    } catch (IllegalStateException
        | UnsupportedOperationException
        | ClassCastException
        | NumberFormatException
        | JsonParseException
        | com.google.gson.stream.MalformedJsonException
        | java.io.EOFException e) {
      // Gson reports a value of the wrong kind as IllegalStateException (the stream),
      // UnsupportedOperationException (JsonElement.getAs*) or ClassCastException
      // (JsonObject.getAsJsonArray(name) and the like); bad syntax as the others.
      throw reader.invalid("malformed JSON at " + in.getPath() + ": " + JsonSyntax.describe(e), e);
    }
    return reader.build();
  }

  private void readRoot(JsonReader in) throws IOException {
    in.beginObject();
    while (in.hasNext()) {
      switch (in.nextName()) {
        case "added_tokens" -> readAddedTokens(in);
        case "normalizer" -> checkNormalizer(JsonSyntax.read(in));
        case "pre_tokenizer" -> readPreTokenizer(JsonSyntax.read(in));
        case "decoder" -> checkDecoder(JsonSyntax.read(in));
        case "model" -> readModel(in);
        default -> in.skipValue();
      }
    }
    in.endObject();
  }

  private void readAddedTokens(JsonReader in) throws IOException {
    in.beginArray();
    while (in.hasNext()) {
      JsonObject token = JsonSyntax.read(in).getAsJsonObject();
      if (!token.has("id") || !token.has("content")) {
        throw invalid("added_tokens[" + addedTokens.size() + "]: expected \"id\" and \"content\"");
      }
      addedTokens.add(
          new AddedToken(
              exactId(token.get("id"), token.get("content")),
              token.get("content").getAsString(),
              flag(token, "special"),
              flag(token, "single_word"),
              flag(token, "lstrip"),
              flag(token, "rstrip")));
    }
    in.endArray();
  }

  /**
   * An added token's id as written: a whole number that fits an int (Gson's {@code getAsInt} would
   * silently truncate 10^12 or 2.5). The range is checked once the vocabulary is known.
   */
  private int exactId(JsonElement id, JsonElement content) throws TokenizerFormatException {
    String where = "added_tokens[" + addedTokens.size() + "] " + content;
    if (!id.isJsonPrimitive() || !id.getAsJsonPrimitive().isNumber()) {
      throw invalid(where + ": expected a whole-number id, found " + id);
    }
    try {
      return id.getAsBigDecimal().intValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw invalid(where + ": id " + id + " is not a token id", e);
    }
  }

  private static boolean flag(JsonObject object, String name) {
    JsonElement value = object.get(name);
    return value != null && !value.isJsonNull() && value.getAsBoolean();
  }

  private void checkNormalizer(JsonElement normalizer) throws TokenizerFormatException {
    if (normalizer.isJsonNull()) {
      return;
    }
    String type = typeOf(normalizer, "normalizer");
    if (type.equals("NFC")) {
      nfc = true;
    } else if (type.equals("Sequence")) {
      JsonArray steps = normalizer.getAsJsonObject().getAsJsonArray("normalizers");
      if (steps == null) {
        throw invalid("normalizer.normalizers: expected a list of normalizers");
      }
      for (JsonElement step : steps) {
        checkNormalizer(step);
      }
    } else {
      throw invalid("normalizer: expected NFC (or none), found " + type);
    }
  }

  private void readPreTokenizer(JsonElement preTokenizer) throws TokenizerFormatException {
    sawPreTokenizer = true;
    String type = typeOf(preTokenizer, "pre_tokenizer");
    JsonObject object = preTokenizer.getAsJsonObject();
    if (type.equals("ByteLevel")) {
      checkByteLevel(object, "pre_tokenizer");
      if (!object.has("use_regex") || object.get("use_regex").getAsBoolean()) {
        splitPattern = PreTokenizerPattern.compile(PreTokenizerPattern.GPT2);
      }
      return;
    }
    if (!type.equals("Sequence")) {
      throw invalid(
          "pre_tokenizer: expected Sequence[Split, ByteLevel] or ByteLevel, found " + type);
    }
    JsonArray steps = object.getAsJsonArray("pretokenizers");
    if (steps == null || steps.size() != 2) {
      throw invalid("pre_tokenizer.pretokenizers: expected [Split, ByteLevel]");
    }
    JsonObject split = steps.get(0).getAsJsonObject();
    if (!typeOf(split, "pre_tokenizer.pretokenizers[0]").equals("Split")) {
      throw invalid("pre_tokenizer.pretokenizers[0]: expected Split, found " + typeOf(split, ""));
    }
    String behavior = split.has("behavior") ? split.get("behavior").getAsString() : "";
    if (!behavior.equals("Isolated") || flag(split, "invert")) {
      throw invalid(
          "pre_tokenizer.pretokenizers[0]: expected behavior Isolated without invert, found "
              + behavior);
    }
    JsonObject pattern = split.getAsJsonObject("pattern");
    if (pattern != null && pattern.has("Regex")) {
      try {
        String regex = pattern.get("Regex").getAsString();
        splitPattern = PreTokenizerPattern.compile(regex);
        qwenSplit = regex.equals(QwenSplitter.PATTERN);
      } catch (IllegalArgumentException e) {
        throw invalid("pre_tokenizer.pretokenizers[0].pattern.Regex: " + e.getMessage(), e);
      }
    } else if (pattern != null && pattern.has("String")) {
      splitPattern = Pattern.compile(Pattern.quote(pattern.get("String").getAsString()));
    } else {
      throw invalid("pre_tokenizer.pretokenizers[0].pattern: expected Regex or String");
    }
    JsonObject byteLevel = steps.get(1).getAsJsonObject();
    if (!typeOf(byteLevel, "pre_tokenizer.pretokenizers[1]").equals("ByteLevel")
        || flag(byteLevel, "use_regex")) {
      throw invalid("pre_tokenizer.pretokenizers[1]: expected ByteLevel with use_regex false");
    }
    checkByteLevel(byteLevel, "pre_tokenizer.pretokenizers[1]");
  }

  private void checkByteLevel(JsonObject byteLevel, String where) throws TokenizerFormatException {
    if (flag(byteLevel, "add_prefix_space")) {
      throw invalid(where + ".add_prefix_space: expected false");
    }
  }

  private void checkDecoder(JsonElement decoder) throws TokenizerFormatException {
    if (!decoder.isJsonNull() && !typeOf(decoder, "decoder").equals("ByteLevel")) {
      throw invalid("decoder: expected ByteLevel, found " + typeOf(decoder, "decoder"));
    }
  }

  private String typeOf(JsonElement element, String where) throws TokenizerFormatException {
    if (!element.isJsonObject() || !element.getAsJsonObject().has("type")) {
      throw invalid(where + ": expected an object with a \"type\"");
    }
    return element.getAsJsonObject().get("type").getAsString();
  }

  private void readModel(JsonReader in) throws IOException {
    sawModel = true;
    in.beginObject();
    while (in.hasNext()) {
      String name = in.nextName();
      switch (name) {
        case "type" -> {
          String type = in.nextString();
          if (!type.equals("BPE")) {
            throw invalid("model.type: expected BPE, found " + type);
          }
        }
        case "vocab" -> readVocab(in);
        case "merges" -> readMerges(in);
        case "ignore_merges" -> ignoreMerges = readFlag(in);
        case "byte_fallback" -> {
          if (readFlag(in)) {
            throw invalid("model.byte_fallback: expected false (byte-level BPE needs no fallback)");
          }
        }
        case "continuing_subword_prefix", "end_of_word_suffix" -> {
          String value = in.peek() == JsonToken.NULL ? null : in.nextString();
          if (value == null) {
            in.nextNull();
          } else if (!value.isEmpty()) {
            throw invalid("model." + name + ": expected empty, found \"" + value + "\"");
          }
        }
        case "dropout" -> {
          if (in.peek() == JsonToken.NULL) {
            in.nextNull();
          } else if (in.nextDouble() != 0) {
            throw invalid("model.dropout: expected null (dropout is for training only)");
          }
        }
        default -> in.skipValue();
      }
    }
    in.endObject();
  }

  private static boolean readFlag(JsonReader in) throws IOException {
    if (in.peek() == JsonToken.NULL) {
      in.nextNull();
      return false;
    }
    return in.nextBoolean();
  }

  private void readVocab(JsonReader in) throws IOException {
    in.beginObject();
    while (in.hasNext()) {
      String token = in.nextName();
      int id = in.nextInt();
      if (id < 0) {
        throw invalid("model.vocab[\"" + token + "\"]: expected an id >= 0, found " + id);
      }
      vocabTokens.add(token);
      vocabIds.add(id);
      index.put(token, id);
    }
    in.endObject();
  }

  private void readMerges(JsonReader in) throws IOException {
    in.beginArray();
    while (in.hasNext()) {
      String left;
      String right;
      if (in.peek() == JsonToken.BEGIN_ARRAY) {
        in.beginArray();
        left = in.nextString();
        right = in.nextString();
        in.endArray();
      } else {
        // The older "left right" form; byte-level tokens never contain a space.
        String merge = in.nextString();
        int space = merge.indexOf(' ');
        if (space <= 0 || merge.indexOf(' ', space + 1) >= 0) {
          throw invalid(
              "model.merges[" + mergeCount + "]: expected \"left right\", found " + merge);
        }
        left = merge.substring(0, space);
        right = merge.substring(space + 1);
      }
      if (index.size() > 0) {
        addMerge(left, right);
      } else {
        pendingMerges.add(left);
        pendingMerges.add(right);
        mergeCount++;
      }
    }
    in.endArray();
  }

  private void addMerge(String left, String right) throws TokenizerFormatException {
    int leftId = index.get(left);
    int rightId = index.get(right);
    int mergedId = index.getConcatenation(left, right);
    if (leftId < 0 || rightId < 0 || mergedId < 0) {
      String missing = leftId < 0 ? left : rightId < 0 ? right : left + right;
      throw invalid(
          "model.merges[" + mergeCount + "]: token \"" + missing + "\" is not in model.vocab");
    }
    merges.add(leftId, rightId, mergeCount++, mergedId);
  }

  private ByteLevelBpeTokenizer build() throws TokenizerFormatException {
    if (!sawModel || index.size() == 0) {
      throw invalid("model.vocab: missing or empty");
    }
    if (!sawPreTokenizer) {
      throw invalid("pre_tokenizer: missing (expected a ByteLevel pre-tokenizer)");
    }
    if (!pendingMerges.isEmpty()) {
      mergeCount = 0;
      for (int i = 0; i < pendingMerges.size(); i += 2) {
        addMerge(pendingMerges.get(i), pendingMerges.get(i + 1));
      }
    }
    int[] byteIds = new int[256];
    for (int b = 0; b < 256; b++) {
      byteIds[b] = index.get(String.valueOf(ByteLevelAlphabet.charOf(b)));
      if (byteIds[b] < 0) {
        throw invalid(
            "model.vocab: missing the byte-level token for byte "
                + b
                + " (expected all 256 bytes)");
      }
    }
    String[] tokens = new String[checkedIdRange()];
    int[] ids = vocabIds.toArray();
    for (int i = 0; i < ids.length; i++) {
      tokens[ids[i]] = vocabTokens.get(i);
    }
    // Added tokens may reuse a vocabulary id; their text is what the id decodes to either way.
    for (AddedToken token : addedTokens) {
      tokens[token.id()] = token.content();
      index.put(token.content(), token.id());
    }
    return new ByteLevelBpeTokenizer(
        tokens,
        index,
        byteIds,
        merges.build(),
        addedTokens,
        splitPattern,
        qwenSplit,
        nfc,
        ignoreMerges);
  }

  /**
   * Checks every id against the number of tokens the file defines (vocabulary entries plus added
   * tokens: ids may leave no more gaps than that) and returns the size of the id table.
   */
  private int checkedIdRange() throws TokenizerFormatException {
    long limit = (long) vocabTokens.size() + addedTokens.size();
    int size = 0;
    int[] ids = vocabIds.toArray();
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] >= limit) {
        throw invalid(
            "model.vocab[\""
                + vocabTokens.get(i)
                + "\"]: id "
                + ids[i]
                + " is outside the vocabulary of "
                + limit
                + " tokens");
      }
      size = Math.max(size, ids[i] + 1);
    }
    for (int i = 0; i < addedTokens.size(); i++) {
      AddedToken token = addedTokens.get(i);
      if (token.id() < 0 || token.id() >= limit) {
        throw invalid(
            "added_tokens["
                + i
                + "] \""
                + token.content()
                + "\": id "
                + token.id()
                + " is outside the vocabulary of "
                + limit
                + " tokens");
      }
      size = Math.max(size, token.id() + 1);
    }
    return size;
  }

  private TokenizerFormatException invalid(String problem) {
    return new TokenizerFormatException(source + ": " + problem);
  }

  private TokenizerFormatException invalid(String problem, Throwable cause) {
    return new TokenizerFormatException(source + ": " + problem, cause);
  }
}
