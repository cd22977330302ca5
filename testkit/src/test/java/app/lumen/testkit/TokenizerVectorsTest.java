package app.lumen.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import app.lumen.pkg.FileDigests;
import app.lumen.pkg.ModelFamily;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The generated tokenizer.json means to Hugging Face's implementation what it means to us: ids that
 * transformers.js produced from it (committed by {@code testkit/scripts/tokenizer-vectors.mjs})
 * decode back to the original texts through our vocabulary, byte mapping and added tokens.
 */
public class TokenizerVectorsTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void huggingFaceEncodings_decodeBackToTheirTexts() throws Exception {
    Path dir = tmp.newFolder().toPath();
    TinyPackageGenerator.generate(dir, 1, ModelFamily.QWEN3_VL);
    List<String> lines = vectorLines();
    String recordedSha =
        JsonParser.parseString(lines.get(0))
            .getAsJsonObject()
            .get("tokenizer_sha256")
            .getAsString();
    assertEquals(
        "the generated tokenizer changed: regenerate the vectors with"
            + " testkit/scripts/tokenizer-vectors.mjs",
        recordedSha,
        FileDigests.sha256(dir.resolve("tokenizer.json")));

    Map<Integer, String> tokens = new HashMap<>();
    Map<Integer, Boolean> added = new HashMap<>();
    JsonObject tok =
        JsonParser.parseString(Files.readString(dir.resolve("tokenizer.json"))).getAsJsonObject();
    for (Map.Entry<String, JsonElement> e :
        tok.getAsJsonObject("model").getAsJsonObject("vocab").entrySet()) {
      tokens.put(e.getValue().getAsInt(), e.getKey());
    }
    for (JsonElement e : tok.getAsJsonArray("added_tokens")) {
      JsonObject a = e.getAsJsonObject();
      tokens.put(a.get("id").getAsInt(), a.get("content").getAsString());
      added.put(a.get("id").getAsInt(), true);
    }
    Map<Character, Integer> byteOf = unicodeToByte();

    int vectors = 0;
    for (String line : lines.subList(1, lines.size())) {
      JsonObject v = JsonParser.parseString(line).getAsJsonObject();
      String text = v.get("text").getAsString();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      int count = 0;
      for (JsonElement id : v.getAsJsonArray("ids")) {
        int i = id.getAsInt();
        String piece = tokens.get(i);
        if (added.containsKey(i)) {
          bytes.writeBytes(piece.getBytes(StandardCharsets.UTF_8));
        } else {
          for (char c : piece.toCharArray()) {
            bytes.write(byteOf.get(c));
          }
        }
        count++;
      }
      assertEquals(text, bytes.toString(StandardCharsets.UTF_8));
      if (text.startsWith("The photo")) {
        // Merges learned from the fixed text are used: far fewer ids than bytes.
        assertTrue(count < text.length() / 2);
      }
      vectors++;
    }
    assertEquals(10, vectors);
  }

  /** GPT-2's bytes_to_unicode, inverted: printable Latin-1 bytes map to themselves. */
  private static Map<Character, Integer> unicodeToByte() {
    Map<Character, Integer> map = new HashMap<>();
    int extra = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable =
          (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
      map.put(printable ? (char) b : (char) (256 + extra++), b);
    }
    return map;
  }

  private static List<String> vectorLines() throws Exception {
    try (InputStream in =
        TokenizerVectorsTest.class.getResourceAsStream("tiny-tokenizer-vectors.jsonl")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }
}
