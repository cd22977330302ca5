package app.lumen.inference.text.internal;

import static org.junit.Assert.assertEquals;

import app.lumen.inference.text.QwenTestResources;
import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/** The hand-written Qwen splitter finds exactly the pieces the regex finds. */
public class QwenSplitterTest {
  private static final Pattern REGEX = PreTokenizerPattern.compile(QwenSplitter.PATTERN);

  // Letters of several scripts and cases, every kind of number, White_Space beyond ASCII,
  // apostrophes and contraction letters, symbols, combining marks, surrogate pairs.
  private static final int[] POOL = {
    'a', 'Z', 's', 'S', 't', 'T', 'r', 'R', 'e', 'E', 'v', 'l', 'L', 'm', 'M', 'd', 'D', '\'', '\'',
    'é', 'ß', 'ſ', 0x212A, 0x0130, 'Ω', 'ж', '中', '日', 'ア', '한', 0x0639, 0x0915, 0x093F, '0', '7',
    '²', '½', 0x216B, 0x0663, '１', ' ', ' ', ' ', '\t', '\n', '\n', '\r', 0x0B, 0x0C, 0x85, 0xA0,
    0x1680, 0x2003, 0x2028, 0x2029, 0x202F, 0x3000, 0x200B, 0xFEFF, '!', '?', '.', ',', '-', '_',
    '(', '"', '<', '|', '>', '@', '#', '€', '©', 0x0301, 0x20E3, 0x1F600, 0x1F44D, 0x1F3FD, 0x10400,
    0x1D7D8,
  };

  @Test
  public void referenceTexts_splitLikeTheRegex() {
    for (JsonElement c :
        QwenTestResources.json("tokenizer-vectors.json").getAsJsonArray("encode")) {
      String text = c.getAsJsonObject().get("text").getAsString();
      assertEquals(text, regexPieces(text), scannerPieces(text));
    }
  }

  @Test
  public void randomTextOfTrickyCharacters_splitsLikeTheRegex() {
    Random random = new Random(1234);
    for (int round = 0; round < 20_000; round++) {
      StringBuilder text = new StringBuilder();
      int length = 1 + random.nextInt(16);
      for (int i = 0; i < length; i++) {
        text.appendCodePoint(POOL[random.nextInt(POOL.length)]);
      }
      String s = text.toString();
      assertEquals(escape(s), regexPieces(s), scannerPieces(s));
    }
  }

  private static List<String> regexPieces(String text) {
    List<String> pieces = new ArrayList<>();
    Matcher m = REGEX.matcher(text);
    int last = 0;
    while (m.find()) {
      if (m.start() > last) {
        pieces.add(text.substring(last, m.start()));
      }
      pieces.add(m.group());
      last = m.end();
    }
    if (last < text.length()) {
      pieces.add(text.substring(last));
    }
    return pieces;
  }

  private static List<String> scannerPieces(String text) {
    List<String> pieces = new ArrayList<>();
    QwenSplitter.split(text, (start, end) -> pieces.add(text.substring(start, end)));
    return pieces;
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder();
    s.codePoints().forEach(cp -> out.append(String.format("U+%04X ", cp)));
    return out.toString();
  }
}
