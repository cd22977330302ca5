package app.lumen.inference.jinja;

/** Decodes a backslash escape in a string literal as Python's {@code unicode-escape} does. */
final class StringEscapes {
  private StringEscapes() {}

  /**
   * Appends the character(s) of the escape whose backslash is just before {@code at}.
   *
   * @return the index after the escape
   */
  static int decode(String src, int at, StringBuilder out, int line) {
    if (at >= src.length()) {
      throw new Failure(line, "unterminated string literal");
    }
    char c = src.charAt(at);
    switch (c) {
      case '\n':
        return at + 1; // a backslash before a newline joins the lines
      case '\\', '\'', '"':
        out.append(c);
        return at + 1;
      case 'n':
        out.append('\n');
        return at + 1;
      case 't':
        out.append('\t');
        return at + 1;
      case 'r':
        out.append('\r');
        return at + 1;
      case 'b':
        out.append('\b');
        return at + 1;
      case 'f':
        out.append('\f');
        return at + 1;
      case 'v':
        out.append('\u000b');
        return at + 1;
      case 'a':
        out.append('\u0007');
        return at + 1;
      case 'x':
        return hex(src, at + 1, 2, out, line);
      case 'u':
        return hex(src, at + 1, 4, out, line);
      case 'U':
        return hex(src, at + 1, 8, out, line);
      default:
        if (c >= '0' && c <= '7') {
          int end = at;
          while (end < src.length()
              && end < at + 3
              && src.charAt(end) >= '0'
              && src.charAt(end) <= '7') {
            end++;
          }
          out.appendCodePoint(Integer.parseInt(src.substring(at, end), 8));
          return end;
        }
        out.append('\\').append(c); // Python keeps unknown escapes as written
        return at + 1;
    }
  }

  private static int hex(String src, int at, int digits, StringBuilder out, int line) {
    if (at + digits > src.length()) {
      throw new Failure(line, "truncated \\x, \\u or \\U escape in a string literal");
    }
    try {
      out.appendCodePoint(Integer.parseUnsignedInt(src.substring(at, at + digits), 16));
    } catch (IllegalArgumentException e) {
      throw new Failure(line, "bad \\x, \\u or \\U escape in a string literal");
    }
    return at + digits;
  }
}
