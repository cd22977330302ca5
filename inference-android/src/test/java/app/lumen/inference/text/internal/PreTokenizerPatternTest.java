package app.lumen.inference.text.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/** Oniguruma's \s and \S mean Unicode White_Space, on the JVM and on Android alike. */
public class PreTokenizerPatternTest {

  @Test
  public void backslashS_matchesUnicodeWhiteSpace_andNothingElse() {
    Pattern s = PreTokenizerPattern.compile("\\s");
    for (int c :
        new int[] {
          ' ', '\t', '\n', '\r', 0x0B, 0x0C, 0x85, 0xA0, 0x1680, 0x2000, 0x200A, 0x2028, 0x2029,
          0x202F, 0x205F, 0x3000
        }) {
      assertTrue(Integer.toHexString(c), s.matcher(new String(Character.toChars(c))).matches());
    }
    // Zero-width space and BOM are format characters, not White_Space (JavaScript's \s has BOM).
    for (int c : new int[] {0x200B, 0xFEFF, 0x180E, 'a', '_'}) {
      assertFalse(Integer.toHexString(c), s.matcher(new String(Character.toChars(c))).matches());
    }
  }

  @Test
  public void backslashS_insideAndOutsideClasses_translatesConsistently() {
    Pattern notSpaceOrLetter = PreTokenizerPattern.compile("[^\\s\\p{L}]+");
    assertEquals(List.of("!!", "?"), pieces(notSpaceOrLetter, "!!\u3000a?"));
    Pattern nonSpace = PreTokenizerPattern.compile("\\S+");
    assertEquals(List.of("a", "b"), pieces(nonSpace, "a\u00A0b"));
  }

  @Test
  public void qwen35StylePattern_keepsCombiningMarksWithTheirLetters() {
    // Qwen3.5's vocabulary splits letters with their marks ([\p{L}\p{M}]+).
    Pattern qwen35 =
        PreTokenizerPattern.compile(
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?[\\p{L}\\p{M}]+|\\p{N}"
                + "| ?[^\\s\\p{L}\\p{M}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+");
    // Digits never take the space before them: it stays a piece of its own.
    assertEquals(
        List.of("नमस्ते", " e\u0301t\u00e9", " ", "1", "2"),
        pieces(qwen35, "नमस्ते e\u0301t\u00e9 12"));
  }

  private static List<String> pieces(Pattern pattern, String text) {
    List<String> out = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }
}
