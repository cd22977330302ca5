package app.lumen.inference.text;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * The Qwen3-VL tokenizer against transformers.js on the real 151k vocabulary: every committed case
 * (tools/reference/make-vectors.mjs) must match id for id and character for character.
 */
public class TokenizerReferenceTest {
  private final Tokenizer tokenizer = QwenTestResources.tokenizer();
  private final JsonObject vectors = QwenTestResources.json("tokenizer-vectors.json");

  @Test
  public void encode_matchesTransformersJsOnEveryReferenceCase() {
    JsonArray cases = vectors.getAsJsonArray("encode");
    assertTrue("at least 200 reference cases", cases.size() >= 200);
    List<String> failures = new ArrayList<>();
    for (JsonElement element : cases) {
      JsonObject c = element.getAsJsonObject();
      String text = c.get("text").getAsString();
      int[] expected = ids(c.getAsJsonArray("ids"));
      int[] actual = tokenizer.encode(text);
      if (!java.util.Arrays.equals(expected, actual)) {
        failures.add(
            quote(text)
                + " expected "
                + java.util.Arrays.toString(expected)
                + " got "
                + java.util.Arrays.toString(actual));
      }
    }
    assertEquals(String.join("\n", failures), 0, failures.size());
  }

  @Test
  public void decode_matchesTransformersJsWithAndWithoutSpecialTokens() {
    for (JsonElement element : vectors.getAsJsonArray("decode")) {
      JsonObject c = element.getAsJsonObject();
      int[] ids = ids(c.getAsJsonArray("ids"));
      assertEquals(
          java.util.Arrays.toString(ids), c.get("text").getAsString(), tokenizer.decode(ids));
      assertEquals(
          java.util.Arrays.toString(ids),
          c.get("text_skip_special").getAsString(),
          tokenizer.decode(ids, true));
    }
  }

  @Test
  public void streamingDecode_tokenByToken_concatenatesToTheReferenceText() {
    for (JsonElement element : vectors.getAsJsonArray("decode")) {
      JsonObject c = element.getAsJsonObject();
      int[] ids = ids(c.getAsJsonArray("ids"));
      StreamingDecoder decoder = tokenizer.newStreamingDecoder(false);
      StringBuilder streamed = new StringBuilder();
      for (int id : ids) {
        streamed.append(decoder.append(id));
      }
      streamed.append(decoder.finish());
      assertEquals(
          java.util.Arrays.toString(ids), c.get("text").getAsString(), streamed.toString());
    }
  }

  @Test
  public void encodeThenDecode_returnsTheNfcTextOfEveryReferenceCase() {
    for (JsonElement element : vectors.getAsJsonArray("encode")) {
      String text = element.getAsJsonObject().get("text").getAsString();
      String nfc = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFC);
      assertEquals(quote(text), nfc, tokenizer.decode(tokenizer.encode(text)));
    }
  }

  static int[] ids(JsonArray array) {
    int[] ids = new int[array.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = array.get(i).getAsInt();
    }
    return ids;
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    text.codePoints()
        .forEach(
            cp -> {
              if (cp < 0x20 || cp > 0x7E) {
                out.append(String.format("\\u{%X}", cp));
              } else {
                out.append((char) cp);
              }
            });
    return out.append('"').toString();
  }
}
