package app.lumen.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

public class TerminalTextTest {
  /** Hostile text of the review: clear screen, an OSC 52 clipboard write, C1 CSI, bidi override. */
  static final String HOSTILE =
      "name\u001b[2J\u001b]52;c;aGVsbG8=\u0007 \r\u0005\u0018\u007f\u009b31m\u202egpj.exe\u2066";

  /** The first character a terminal would act on, or -1. */
  static int firstUnsafe(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (TerminalText.isUnsafe(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  @Test
  public void escape_writesControlAndBidiCharactersAsVisibleEscapes() {
    assertEquals(
        "name\\u001b[2J\\u001b]52;c;aGVsbG8=\\u0007 \\u000d\\u0005\\u0018\\u007f\\u009b31m"
            + "\\u202egpj.exe\\u2066",
        TerminalText.escape(HOSTILE));
  }

  @Test
  public void escape_keepsNewlineTabAndOrdinaryText() {
    String text = "line 1\n\tcafé 日本 😀 <|im_end|> \\ \u00a0\u2028";
    assertSame(text, TerminalText.escape(text));
  }

  @Test
  public void escape_piecewiseEqualsWhole_forEverySplit() {
    String whole = TerminalText.escape(HOSTILE);
    for (int i = 0; i <= HOSTILE.length(); i++) {
      assertEquals(
          whole,
          TerminalText.escape(HOSTILE.substring(0, i)) + TerminalText.escape(HOSTILE.substring(i)));
    }
  }

  @Test
  public void everyUnsafeCharacter_isCaught() {
    for (char c = 0; c < 0x20; c++) {
      assertEquals(c != '\n' && c != '\t', TerminalText.isUnsafe(c));
    }
    for (char c = 0x7f; c <= 0x9f; c++) {
      assertTrue(TerminalText.isUnsafe(c));
    }
    for (char c : "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069".toCharArray()) {
      assertTrue(TerminalText.isUnsafe(c));
    }
    assertFalse(TerminalText.isUnsafe('~'));
    assertFalse(TerminalText.isUnsafe('\u00a0'));
  }

  @Test
  public void guard_escapesWhatIsPrinted_andJsonThroughItParsesBackExactly() {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x2070; c++) {
      all.append(c);
    }
    String text = all.toString();
    StringWriter sink = new StringWriter();
    PrintWriter guarded = TerminalText.guard(new PrintWriter(sink));

    guarded.println(TextCommands.JSON.toJson(text));
    guarded.print(HOSTILE);
    guarded.flush();

    String[] lines = sink.toString().split(System.lineSeparator(), -1);
    assertEquals(-1, firstUnsafe(sink.toString().replace(System.lineSeparator(), "")));
    assertEquals(text, JsonParser.parseString(lines[0]).getAsString());
    assertEquals(TerminalText.escape(HOSTILE), lines[1]);
  }

  @Test
  public void guard_flushesLinesThroughABufferingWriter_asTheCommandLinesWritersDo() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintWriter stderr =
        new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true);

    TerminalText.guard(stderr).println("lumen x: failed\u0007");

    assertEquals(
        "lumen x: failed\\u0007" + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
  }
}
