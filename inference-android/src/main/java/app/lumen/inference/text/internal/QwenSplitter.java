package app.lumen.inference.text.internal;

import app.lumen.pkg.QwenTokenizerFormat;

/**
 * The Qwen2/Qwen3 split pattern ({@link QwenTokenizerFormat#SPLIT_PATTERN}) written out as a
 * scanner:
 *
 * <pre>
 * (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
 * </pre>
 *
 * It finds the same pieces as the regex (the tests run both on the reference cases and on random
 * text) without a regex engine's backtracking, which matters on Android, where {@code
 * java.util.regex} goes through ICU for every match. Used only when a {@code tokenizer.json} holds
 * exactly this pattern. {@code \s} is Unicode White_Space, as in the reference tokenizers.
 *
 * <p>Stateless; safe to share.
 */
final class QwenSplitter {
  static final String PATTERN = QwenTokenizerFormat.SPLIT_PATTERN;

  private QwenSplitter() {}

  /** Receives each piece as a range of the text. */
  interface PieceSink {
    void piece(int start, int end);
  }

  static void split(String text, PieceSink sink) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      int end = matchAt(text, i, n);
      sink.piece(i, end);
      i = end;
    }
  }

  /** The end of the piece starting at {@code i}; every position starts a piece of length >= 1. */
  private static int matchAt(String s, int i, int n) {
    int c = s.codePointAt(i);
    int next = i + Character.charCount(c);

    // 1. Contractions, ASCII case-insensitive.
    if (c == '\'' && next < n) {
      int contraction = contraction(s, next, n);
      if (contraction > 0) {
        return contraction;
      }
    }
    // 2. An optional non-letter, non-digit, non-newline character, then letters.
    if (isLetter(c)) {
      return skipLetters(s, next, n);
    }
    if (c != '\r' && c != '\n' && !isNumber(c) && next < n && isLetter(s.codePointAt(next))) {
      return skipLetters(s, next, n);
    }
    // 3. One number character.
    if (isNumber(c)) {
      return next;
    }
    // 4. An optional space, symbols and punctuation, then newlines.
    int symbolsStart = -1;
    if (isSymbol(c)) {
      symbolsStart = i;
    } else if (c == ' ' && next < n && isSymbol(s.codePointAt(next))) {
      symbolsStart = next;
    }
    if (symbolsStart >= 0) {
      int j = symbolsStart;
      while (j < n) {
        int d = s.codePointAt(j);
        if (!isSymbol(d)) {
          break;
        }
        j += Character.charCount(d);
      }
      while (j < n && (s.charAt(j) == '\r' || s.charAt(j) == '\n')) {
        j++;
      }
      return j;
    }
    // Only whitespace is left: c is White_Space.
    int runEnd = i;
    int lastNewline = -1;
    while (runEnd < n) {
      int d = s.codePointAt(runEnd);
      if (!isWhiteSpace(d)) {
        break;
      }
      if (d == '\r' || d == '\n') {
        lastNewline = runEnd;
      }
      runEnd += Character.charCount(d);
    }
    // 5. Whitespace up to and including its last newline.
    if (lastNewline >= 0) {
      return lastNewline + 1;
    }
    // 6. Whitespace not followed by a non-space: all of it at the end of the text, else all but the
    //    last character (which then joins the next piece, e.g. the space before a word).
    if (runEnd == n) {
      return runEnd;
    }
    int lastStart = s.offsetByCodePoints(runEnd, -1);
    if (lastStart > i) {
      return lastStart;
    }
    // 7. A single whitespace character.
    return runEnd;
  }

  private static int contraction(String s, int at, int n) {
    char a = s.charAt(at);
    if (a > 0x7F) {
      return -1;
    }
    a = (char) (a | 0x20); // ASCII lower case; the letters below are all ASCII
    if (a == 's' || a == 't' || a == 'm' || a == 'd') {
      return at + 1;
    }
    if (at + 1 < n && s.charAt(at + 1) <= 0x7F) {
      char b = (char) (s.charAt(at + 1) | 0x20);
      if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) {
        return at + 2;
      }
    }
    return -1;
  }

  private static int skipLetters(String s, int j, int n) {
    while (j < n) {
      int d = s.codePointAt(j);
      if (!isLetter(d)) {
        break;
      }
      j += Character.charCount(d);
    }
    return j;
  }

  /** {@code [^\s\p{L}\p{N}]}. */
  private static boolean isSymbol(int c) {
    return !isWhiteSpace(c) && !isLetter(c) && !isNumber(c);
  }

  /** {@code \p{L}}. */
  private static boolean isLetter(int c) {
    if (c < 0x80) {
      return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    }
    return Character.isLetter(c);
  }

  /** {@code \p{N}}: decimal digits, letter numbers and other numbers. */
  private static boolean isNumber(int c) {
    if (c < 0x80) {
      return c >= '0' && c <= '9';
    }
    int type = Character.getType(c);
    return type == Character.DECIMAL_DIGIT_NUMBER
        || type == Character.LETTER_NUMBER
        || type == Character.OTHER_NUMBER;
  }

  private static boolean isWhiteSpace(int c) {
    return AddedTokenMatcher.isWhiteSpace(c);
  }
}
