package app.lumen.inference.jinja;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Python's {@code str} methods whose edge cases differ from Java's (whitespace, limits). */
final class PyStrings {
  private PyStrings() {}

  /** {@code str.strip/lstrip/rstrip}: chars null means Python whitespace. */
  static String strip(String s, Object chars, boolean left, boolean right) {
    String set = chars == null ? null : Methods.text(chars);
    int start = 0;
    int end = s.length();
    while (left && start < end && stripped(s.codePointAt(start), set)) {
      start += Character.charCount(s.codePointAt(start));
    }
    while (right && end > start && stripped(s.codePointBefore(end), set)) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(start, end);
  }

  private static boolean stripped(int c, String set) {
    return set == null
        ? PyText.isWhitespace(c)
        : set.indexOf(new String(Character.toChars(c))) >= 0;
  }

  static List<Object> split(String s, Object sep, int maxSplit) {
    List<Object> parts = new ArrayList<>();
    if (sep == null) {
      int i = 0;
      while (true) {
        while (i < s.length() && PyText.isWhitespace(s.charAt(i))) {
          i++;
        }
        if (i >= s.length()) {
          return parts;
        }
        if (maxSplit >= 0 && parts.size() == maxSplit) {
          parts.add(strip(s.substring(i), null, false, true));
          return parts;
        }
        int start = i;
        while (i < s.length() && !PyText.isWhitespace(s.charAt(i))) {
          i++;
        }
        parts.add(s.substring(start, i));
      }
    }
    String separator = nonEmpty(sep);
    int from = 0;
    for (int at = s.indexOf(separator);
        at >= 0 && (maxSplit < 0 || parts.size() < maxSplit);
        at = s.indexOf(separator, from)) {
      parts.add(s.substring(from, at));
      from = at + separator.length();
    }
    parts.add(s.substring(from));
    return parts;
  }

  static List<Object> rsplit(String s, Object sep, int maxSplit) {
    if (maxSplit < 0) {
      return split(s, sep, maxSplit);
    }
    if (sep == null) {
      String reversed = new StringBuilder(s).reverse().toString();
      List<Object> parts = split(reversed, null, maxSplit);
      List<Object> out = new ArrayList<>();
      for (Object part : parts) {
        out.add(new StringBuilder((String) part).reverse().toString());
      }
      Collections.reverse(out);
      return out;
    }
    String separator = nonEmpty(sep);
    List<Object> parts = new ArrayList<>();
    int to = s.length();
    for (int at = s.lastIndexOf(separator, to - separator.length());
        at >= 0 && parts.size() < maxSplit;
        at = s.lastIndexOf(separator, to - separator.length())) {
      parts.add(s.substring(at + separator.length(), to));
      to = at;
    }
    parts.add(s.substring(0, to));
    Collections.reverse(parts);
    return parts;
  }

  private static String nonEmpty(Object sep) {
    String separator = Methods.text(sep);
    if (separator.isEmpty()) {
      throw new Failure("empty separator");
    }
    return separator;
  }

  static List<Object> splitlines(String s) {
    List<Object> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r') {
        lines.add(s.substring(start, i));
        if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    if (start < s.length()) {
      lines.add(s.substring(start));
    }
    return lines;
  }

  static String replace(String s, String old, String replacement, int count) {
    if (count < 0) {
      return s.replace(old, replacement);
    }
    StringBuilder out = new StringBuilder();
    int from = 0;
    for (int n = 0; n < count; n++) {
      int at = s.indexOf(old, from);
      if (at < 0 || old.isEmpty()) {
        break;
      }
      out.append(s, from, at).append(replacement);
      from = at + old.length();
    }
    return out.append(s.substring(from)).toString();
  }

  static String title(String s) {
    StringBuilder out = new StringBuilder();
    boolean previousCased = false;
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      out.appendCodePoint(previousCased ? Character.toLowerCase(c) : Character.toTitleCase(c));
      previousCased = Character.isLetter(c);
      i += Character.charCount(c);
    }
    return out.toString();
  }

  static String capitalize(String s) {
    if (s.isEmpty()) {
      return s;
    }
    int first = s.codePointAt(0);
    return new String(Character.toChars(Character.toTitleCase(first)))
        + s.substring(Character.charCount(first)).toLowerCase(Locale.ROOT);
  }

  /** Python's {@code find}/{@code rfind}: a code-point index, or -1. */
  static int indexOf(String s, String sub, boolean last) {
    int at = last ? s.lastIndexOf(sub) : s.indexOf(sub);
    return at < 0 ? -1 : s.codePointCount(0, at);
  }

  static int count(String s, String sub) {
    if (sub.isEmpty()) {
      return s.codePointCount(0, s.length()) + 1;
    }
    int n = 0;
    for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
      n++;
    }
    return n;
  }

  static String join(String separator, List<Object> items) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < items.size(); i++) {
      out.append(i == 0 ? "" : separator).append(PyText.str(items.get(i)));
    }
    return out.toString();
  }

  /** Runs of word characters ({@code \w+}), as Jinja's {@code wordcount} counts them. */
  static long wordCount(String s) {
    long words = 0;
    boolean inWord = false;
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      boolean word = Character.isLetterOrDigit(c) || c == '_';
      if (word && !inWord) {
        words++;
      }
      inWord = word;
      i += Character.charCount(c);
    }
    return words;
  }

  static boolean hasCase(String s) {
    return s.codePoints().anyMatch(c -> Character.isUpperCase(c) || Character.isLowerCase(c));
  }
}
