package app.lumen.inference.jinja;

import app.lumen.inference.jinja.Token.Kind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Splits a template into text and tags the way Jinja2 does with Hugging Face's settings ({@code
 * trim_blocks=True, lstrip_blocks=True}): {@code -} on a tag strips the whitespace beside it,
 * {@code +} keeps it, a block or comment tag eats the newline after it and the indentation before
 * it. Line endings are normalised to {@code \n} and one trailing newline is dropped, as Jinja does.
 */
final class Lexer {
  private static final String[] OPERATORS_2 = {"//", "**", "==", "!=", "<=", ">="};
  private static final String OPERATORS_1 = "+-/*%~[](){}<>=.:|,;";

  private final String src;
  private final List<Token> tokens = new ArrayList<>();
  private int pos;
  private int line = 1;
  private boolean lineStarting = true;

  private Lexer(String source) {
    String normalized = source.replace("\r\n", "\n").replace('\r', '\n');
    this.src =
        normalized.endsWith("\n") ? normalized.substring(0, normalized.length() - 1) : normalized;
  }

  static List<Token> tokenize(String source) {
    Lexer lexer = new Lexer(source);
    lexer.run();
    return lexer.tokens;
  }

  private void run() {
    while (pos < src.length()) {
      int open = nextOpening(pos);
      if (open < 0) {
        emitText(src.substring(pos), line);
        line += newlines(src.substring(pos));
        pos = src.length();
        break;
      }
      char kind = src.charAt(open + 1);
      char sign = open + 2 < src.length() ? src.charAt(open + 2) : 0;
      String text = src.substring(pos, open);
      int textLine = line;
      line += newlines(text);
      boolean raw = kind == '%' && isRawStart(open + 2 + (sign == '-' || sign == '+' ? 1 : 0));
      emitText(stripBefore(text, kind, sign), textLine);
      pos = open + 2 + (sign == '-' || sign == '+' ? 1 : 0);
      if (kind == '#') {
        comment();
      } else if (raw) {
        raw();
      } else {
        tag(kind == '{');
      }
    }
    tokens.add(new Token(Kind.EOF, "", null, line));
  }

  private int nextOpening(int from) {
    for (int i = from; i + 1 < src.length(); i++) {
      if (src.charAt(i) == '{') {
        char c = src.charAt(i + 1);
        if (c == '{' || c == '%' || c == '#') {
          return i;
        }
      }
    }
    return -1;
  }

  private String stripBefore(String text, char kind, char sign) {
    if (sign == '-') {
      return rstrip(text);
    }
    if (sign == '+' || kind == '{') {
      return text;
    }
    // lstrip_blocks: indentation alone on the tag's line goes, if the line started in plain text.
    int lineStart = text.lastIndexOf('\n') + 1;
    if ((lineStart > 0 || lineStarting) && lineStart < text.length()) {
      for (int i = lineStart; i < text.length(); i++) {
        if (!isSpace(text.charAt(i))) {
          return text;
        }
      }
      return text.substring(0, lineStart);
    }
    return text;
  }

  private void emitText(String text, int at) {
    if (!text.isEmpty()) {
      tokens.add(new Token(Kind.TEXT, text, null, at));
    }
  }

  private void comment() {
    int end = src.indexOf("#}", pos);
    if (end < 0) {
      throw new Failure(line, "missing end of comment tag '#}'");
    }
    char sign = src.charAt(end - 1);
    line += newlines(src.substring(pos, end));
    pos = end + 2;
    afterTag(sign == '-', sign == '+', true);
  }

  private boolean isRawStart(int at) {
    int i = skipSpaces(at);
    if (!src.startsWith("raw", i)) {
      return false;
    }
    int after = skipSpaces(i + 3);
    return src.startsWith("%}", after) || src.startsWith("-%}", after);
  }

  private void raw() {
    int bodyStart = src.indexOf("%}", pos) + 2;
    if (src.charAt(bodyStart - 3) == '-') {
      bodyStart = skipAllWhitespace(bodyStart);
    }
    line += newlines(src.substring(pos, bodyStart));
    for (int open = src.indexOf("{%", bodyStart); open >= 0; open = src.indexOf("{%", open + 1)) {
      char sign = open + 2 < src.length() ? src.charAt(open + 2) : 0;
      int word = skipSpaces(open + 2 + (sign == '-' || sign == '+' ? 1 : 0));
      if (src.startsWith("endraw", word)) {
        int close = skipSpaces(word + 6);
        boolean minus = src.startsWith("-%}", close);
        boolean plus = src.startsWith("+%}", close);
        if (!minus && !plus && !src.startsWith("%}", close)) {
          break;
        }
        String body = src.substring(bodyStart, open);
        lineStarting = false;
        emitText(stripBefore(body, '%', sign), line);
        line += newlines(src.substring(bodyStart, close));
        pos = close + (minus || plus ? 3 : 2);
        afterTag(minus, plus, true);
        return;
      }
    }
    throw new Failure(line, "missing end of raw block '{% endraw %}'");
  }

  private void tag(boolean variable) {
    tokens.add(new Token(variable ? Kind.VAR_BEGIN : Kind.BLOCK_BEGIN, "", null, line));
    Deque<Character> brackets = new ArrayDeque<>();
    String end = variable ? "}}" : "%}";
    while (true) {
      int start = pos;
      pos = skipAllWhitespace(pos);
      line += newlines(src.substring(start, pos));
      if (pos >= src.length()) {
        throw new Failure(
            line, "unexpected end of template inside " + (variable ? "'{{ }}'" : "'{% %}'"));
      }
      if (brackets.isEmpty()) {
        boolean minus = src.startsWith("-" + end, pos);
        boolean plus = !variable && src.startsWith("+" + end, pos);
        if (minus || plus || src.startsWith(end, pos)) {
          tokens.add(new Token(variable ? Kind.VAR_END : Kind.BLOCK_END, "", null, line));
          pos += end.length() + (minus || plus ? 1 : 0);
          afterTag(minus, plus, !variable);
          return;
        }
      }
      expressionToken(brackets);
    }
  }

  private void afterTag(boolean minus, boolean plus, boolean block) {
    int start = pos;
    if (minus) {
      pos = skipAllWhitespace(pos);
    } else if (!plus && block && pos < src.length() && src.charAt(pos) == '\n') {
      pos++;
    }
    String eaten = src.substring(start, pos);
    line += newlines(eaten);
    lineStarting = eaten.endsWith("\n");
  }

  private void expressionToken(Deque<Character> brackets) {
    char c = src.charAt(pos);
    if (c == '\'' || c == '"') {
      string(c);
    } else if (Character.isDigit(c)) {
      number();
    } else if (Character.isLetter(c) || c == '_') {
      int start = pos;
      while (pos < src.length()
          && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
        pos++;
      }
      tokens.add(new Token(Kind.NAME, src.substring(start, pos), null, line));
    } else {
      operator(brackets);
    }
  }

  private void operator(Deque<Character> brackets) {
    for (String op : OPERATORS_2) {
      if (src.startsWith(op, pos)) {
        tokens.add(new Token(Kind.OP, op, null, line));
        pos += 2;
        return;
      }
    }
    char c = src.charAt(pos);
    if (OPERATORS_1.indexOf(c) < 0) {
      throw new Failure(line, "unexpected character '" + c + "'");
    }
    if (c == '(' || c == '[' || c == '{') {
      brackets.push(c == '(' ? ')' : c == '[' ? ']' : '}');
    } else if (c == ')' || c == ']' || c == '}') {
      if (brackets.isEmpty()) {
        throw new Failure(line, "unexpected '" + c + "'");
      }
      char expected = brackets.pop();
      if (expected != c) {
        throw new Failure(line, "unexpected '" + c + "', expected '" + expected + "'");
      }
    }
    tokens.add(new Token(Kind.OP, String.valueOf(c), null, line));
    pos++;
  }

  private void number() {
    int start = pos;
    while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
      pos++;
    }
    boolean isFloat = false;
    if (pos + 1 < src.length()
        && src.charAt(pos) == '.'
        && Character.isDigit(src.charAt(pos + 1))) {
      isFloat = true;
      pos++;
      while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
        pos++;
      }
    }
    if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
      int mark = pos++;
      if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
        pos++;
      }
      if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
        isFloat = true;
        while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
          pos++;
        }
      } else {
        pos = mark;
      }
    }
    String text = src.substring(start, pos);
    String digits = text.replace("_", "");
    Object value = isFloat ? (Object) Double.parseDouble(digits) : (Object) parseLong(digits);
    tokens.add(new Token(isFloat ? Kind.FLOAT : Kind.INT, text, value, line));
  }

  private long parseLong(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new Failure(line, "integer literal too large: " + digits);
    }
  }

  private void string(char quote) {
    int start = pos++;
    StringBuilder out = new StringBuilder();
    int startLine = line;
    while (true) {
      if (pos >= src.length()) {
        throw new Failure(startLine, "unterminated string literal");
      }
      char c = src.charAt(pos++);
      if (c == quote) {
        break;
      }
      if (c == '\n') {
        line++;
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      pos = StringEscapes.decode(src, pos, out, startLine);
    }
    tokens.add(new Token(Kind.STRING, src.substring(start, pos), out.toString(), startLine));
  }

  private int skipSpaces(int at) {
    while (at < src.length() && isSpace(src.charAt(at))) {
      at++;
    }
    return at;
  }

  private int skipAllWhitespace(int at) {
    while (at < src.length() && PyText.isWhitespace(src.charAt(at))) {
      at++;
    }
    return at;
  }

  private static boolean isSpace(char c) {
    return c != '\n' && PyText.isWhitespace(c);
  }

  private static String rstrip(String text) {
    int end = text.length();
    while (end > 0 && PyText.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end);
  }

  private static int newlines(String text) {
    int count = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        count++;
      }
    }
    return count;
  }
}
