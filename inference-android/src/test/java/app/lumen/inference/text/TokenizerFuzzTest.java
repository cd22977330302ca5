package app.lumen.inference.text;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import app.lumen.testkit.SignaturePackage;
import app.lumen.testkit.fuzz.FuzzRun;
import app.lumen.testkit.fuzz.Mutations;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Random and mutated text through the real Qwen3-VL tokenizer: encoding never fails, every id is in
 * the vocabulary, valid text comes back from decoding (up to NFC, which the tokenizer applies), and
 * the streaming decoder agrees with the whole-sequence one. Iterations: {@code
 * -Dlumen.fuzz.iterations}, seed: {@code -Dlumen.fuzz.seed}.
 */
public class TokenizerFuzzTest {
  // A few hundred milliseconds of encoding on a slow machine.
  private static final int DEFAULT_ITERATIONS = 1500;
  // Long enough for runs that stress the BPE merge loop, short enough to keep iterations cheap.
  // Reading a tokenizer.json sizes tables for a real vocabulary: ~50 ms even for a tiny one.
  private static final int JSON_ITERATIONS = 40;
  private static final int MAX_RUN = 3000;
  private static final int ADDED_TAIL = 26;

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private final Tokenizer tokenizer = QwenTestResources.tokenizer();
  private final List<String> samples = new ArrayList<>();
  private final List<String> addedTokens = new ArrayList<>();

  public TokenizerFuzzTest() {
    for (JsonElement c :
        QwenTestResources.json("tokenizer-vectors.json").getAsJsonArray("encode")) {
      samples.add(c.getAsJsonObject().get("text").getAsString());
    }
    // Qwen's added tokens are the last ids of the vocabulary.
    for (int id = tokenizer.vocabularySize() - ADDED_TAIL; id < tokenizer.vocabularySize(); id++) {
      String text = tokenizer.tokenText(id);
      if (text != null) {
        addedTokens.add(text);
      }
    }
    addedTokens.addAll(List.of("<|im_", "|>", "<", "<|", "</think", "\u0338"));
  }

  @Test
  public void randomText_encodesIntoTheVocabulary_andValidTextRoundTrips() {
    FuzzRun.of("tokenizer-text", DEFAULT_ITERATIONS)
        .forEach(this::text, Mutations::utf16, this::checkText);
  }

  @Test
  public void randomIds_decodeTheSameWholeAndStreamed() {
    FuzzRun.of("tokenizer-ids", DEFAULT_ITERATIONS)
        .forEach(this::ids, TokenizerFuzzTest::idBytes, this::checkIds);
  }

  @Test
  public void mutatedTokenizerJson_failsOnlyAsAFormatProblem() throws IOException {
    Path dir = SignaturePackage.builder().writeTo(tmp.newFolder("pkg").toPath()).dir();
    JsonElement json = JsonParser.parseString(Files.readString(dir.resolve("tokenizer.json")));
    FuzzRun.of("tokenizer-json", JSON_ITERATIONS)
        .forEach(
            random -> new Gson().toJson(Mutations.json(json, random, 3)),
            text -> text.getBytes(StandardCharsets.UTF_8),
            text -> {
              try {
                Tokenizer read = Tokenizer.read(new StringReader(text), "tokenizer.json");
                read.decode(read.encode("Hello <|im_start|> 😀"));
              } catch (TokenizerFormatException expected) {
                assertTrue(
                    expected.getMessage(), expected.getMessage().startsWith("tokenizer.json: "));
              }
            });
  }

  private String text(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> Mutations.randomText(random, random.nextInt(200));
      case 1 -> Mutations.text(samples.get(random.nextInt(samples.size())), random, 6, addedTokens);
      case 2 -> run(random);
      default -> {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(8); i >= 0; i--) {
          s.append(addedTokens.get(random.nextInt(addedTokens.size())));
          s.append(Mutations.randomText(random, random.nextInt(6)));
        }
        yield s.toString();
      }
    };
  }

  /** One character or short piece repeated: long words, long whitespace, long digit runs. */
  private static String run(Random random) {
    String[] pieces = {"a", " ", "\n", "1", "😀", "中", "\u0301", "ab", " \n", "'s", "\t", "."};
    String piece = pieces[random.nextInt(pieces.length)];
    return piece.repeat(1 + random.nextInt(MAX_RUN / piece.length()));
  }

  private void checkText(String text) {
    int[] ids = tokenizer.encode(text);
    int[] plain = tokenizer.encodePlainText(text);
    checkRange(ids);
    checkRange(plain);
    if (isValidUtf16(text)) {
      String expected = Normalizer.normalize(text, Normalizer.Form.NFC);
      // Added tokens split the text before NFC, so compare both sides normalised.
      assertEquals(expected, Normalizer.normalize(tokenizer.decode(ids), Normalizer.Form.NFC));
      assertEquals(expected, tokenizer.decode(plain));
    }
  }

  private int[] ids(Random random) {
    int[] ids = new int[random.nextInt(64)];
    for (int i = 0; i < ids.length; i++) {
      // Mostly single bytes and added tokens, where partial UTF-8 and special tokens meet.
      ids[i] =
          switch (random.nextInt(3)) {
            case 0 -> random.nextInt(256);
            case 1 -> tokenizer.vocabularySize() - 1 - random.nextInt(ADDED_TAIL);
            default -> random.nextInt(tokenizer.vocabularySize());
          };
    }
    return ids;
  }

  private void checkIds(int[] ids) {
    for (boolean skip : new boolean[] {false, true}) {
      String whole = tokenizer.decode(ids, skip);
      StreamingDecoder streaming = tokenizer.newStreamingDecoder(skip);
      StringBuilder streamed = new StringBuilder();
      for (int id : ids) {
        streamed.append(streaming.append(id));
      }
      streamed.append(streaming.finish());
      assertEquals(whole, streamed.toString());
      assertTrue(isValidUtf16(whole));
    }
  }

  private void checkRange(int[] ids) {
    for (int id : ids) {
      assertTrue("id " + id, id >= 0 && id < tokenizer.vocabularySize());
    }
  }

  private static boolean isValidUtf16(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static byte[] idBytes(int[] ids) {
    return Arrays.toString(ids).getBytes(StandardCharsets.UTF_8);
  }
}
