package app.lumen.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;

/**
 * Keeps text the CLI did not write itself (model output, catalog and manifest fields, server and
 * file names in error messages) from driving the terminal. Characters that a terminal acts on are
 * written as a visible {@code \}{@code uXXXX} escape: C0 controls except newline and tab (ESC, CR,
 * BEL, …), DEL, C1 controls (U+0080–U+009F, which some terminals read as CSI and OSC) and the bidi
 * embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) that make text read in another
 * order than it is.
 *
 * <p>The mapping is per character, so a text escaped piece by piece (streamed tokens) reads the
 * same as the whole text escaped at once. The escape is also a JSON string escape, and a JSON
 * writer never leaves a C0 character raw, so JSON lines can pass through unchanged in meaning:
 * parsing them gives back the exact text. Stateless and thread-safe.
 */
final class TerminalText {
  private TerminalText() {}

  /** Whether a terminal may act on {@code c} rather than show it. */
  static boolean isUnsafe(char c) {
    return (c < 0x20 && c != '\n' && c != '\t')
        || (c >= 0x7f && c <= 0x9f)
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069);
  }

  /** {@code text} with every unsafe character written as {@code \}{@code uXXXX}. */
  static String escape(CharSequence text) {
    StringBuilder escaped = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isUnsafe(c)) {
        if (escaped == null) {
          escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        escaped.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else if (escaped != null) {
        escaped.append(c);
      }
    }
    return escaped == null ? text.toString() : escaped.toString();
  }

  /**
   * A writer that escapes everything printed through it; each command prints through these so that
   * no place that shows untrusted text can forget to. Writes go straight to {@code target}, and
   * {@code println}, {@code printf} and {@code format} flush it, as the command line's own writers
   * do: {@code target.write} alone leaves text in its encoder's buffer, lost at {@code exit}.
   */
  static PrintWriter guard(PrintWriter target) {
    return new PrintWriter(new EscapingWriter(target), true);
  }

  private static final class EscapingWriter extends Writer {
    // println and printf's %n write the line separator in one call; on Windows its \r must stay.
    private static final String LINE_SEPARATOR = System.lineSeparator();

    private final PrintWriter target;

    EscapingWriter(PrintWriter target) {
      super(target);
      this.target = target;
    }

    @Override
    public void write(char[] chars, int offset, int length) {
      write(new String(chars, offset, length));
    }

    @Override
    public void write(String text, int offset, int length) {
      write(text.substring(offset, offset + length));
    }

    @Override
    public void write(String text) {
      target.write(text.equals(LINE_SEPARATOR) ? text : escape(text));
    }

    @Override
    public void flush() {
      target.flush();
    }

    @Override
    public void close() {
      target.flush(); // the command line's writers outlive one command
    }
  }
}
