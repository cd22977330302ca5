package app.lumen.inference.text.internal;

/**
 * Lossy UTF-8 decoding with the Unicode "maximal subpart" rule (what Rust's {@code
 * String::from_utf8_lossy}, Python's {@code errors="replace"} and WHATWG's TextDecoder do): each
 * ill-formed subsequence becomes one U+FFFD. Java's own decoder differs on some inputs (an encoded
 * surrogate gives one U+FFFD instead of three), and decoded text must equal the reference exactly.
 */
final class Utf8 {
  private static final char REPLACEMENT = '\uFFFD';

  private Utf8() {}

  /** Appends the decoding of {@code bytes[from, to)} to {@code out}. */
  static void decode(byte[] bytes, int from, int to, StringBuilder out) {
    int i = from;
    while (i < to) {
      int b0 = bytes[i] & 0xFF;
      if (b0 < 0x80) {
        out.append((char) b0);
        i++;
        continue;
      }
      int need = sequenceLength(b0);
      if (need == 0) {
        out.append(REPLACEMENT);
        i++;
        continue;
      }
      int codePoint = b0 & (0xFF >> (need + 1));
      int j = 1;
      for (; j < need && i + j < to; j++) {
        int b = bytes[i + j] & 0xFF;
        if (b < lowerBound(b0, j) || b > upperBound(b0, j)) {
          break;
        }
        codePoint = (codePoint << 6) | (b & 0x3F);
      }
      if (j == need) {
        out.appendCodePoint(codePoint);
      } else {
        out.append(REPLACEMENT);
      }
      i += j;
    }
  }

  /**
   * Where the incomplete but still valid sequence at the end of {@code bytes[0, length)} starts, or
   * {@code length} when the bytes end on a character boundary (or with bytes that can never
   * complete). A streaming decoder holds those bytes back until the next token brings the rest.
   */
  static int incompleteTailStart(byte[] bytes, int length) {
    for (int start = length - 1; start >= Math.max(0, length - 3); start--) {
      int b0 = bytes[start] & 0xFF;
      if (b0 >= 0x80 && b0 < 0xC0) {
        continue; // a continuation byte: its lead byte is further left
      }
      int need = sequenceLength(b0);
      if (need <= length - start) {
        return length; // ASCII, an invalid lead, or a sequence with all its bytes present
      }
      for (int j = 1; start + j < length; j++) {
        int b = bytes[start + j] & 0xFF;
        if (b < lowerBound(b0, j) || b > upperBound(b0, j)) {
          return length;
        }
      }
      return start;
    }
    return length;
  }

  /** 1 for ASCII, 2..4 for a valid lead byte, 0 for bytes that cannot start a character. */
  private static int sequenceLength(int b0) {
    if (b0 < 0x80) {
      return 1;
    }
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      return 2;
    }
    if (b0 >= 0xE0 && b0 <= 0xEF) {
      return 3;
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
      return 4;
    }
    return 0;
  }

  // The second byte's range is narrower after E0, ED, F0 and F4 (no overlongs, surrogates or
  // code points above U+10FFFF); later bytes are always 80..BF.
  private static int lowerBound(int b0, int index) {
    if (index == 1) {
      if (b0 == 0xE0) {
        return 0xA0;
      }
      if (b0 == 0xF0) {
        return 0x90;
      }
    }
    return 0x80;
  }

  private static int upperBound(int b0, int index) {
    if (index == 1) {
      if (b0 == 0xED) {
        return 0x9F;
      }
      if (b0 == 0xF4) {
        return 0x8F;
      }
    }
    return 0xBF;
  }
}
