package app.lumen.inference.text.internal;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles a Hugging Face split pattern (written for Oniguruma) into a {@link Pattern} that matches
 * the same strings on the JVM and on Android.
 *
 * <p>Only {@code \s} and {@code \S} differ in meaning: Oniguruma matches the Unicode White_Space
 * property (U+00A0, U+2028, U+3000, U+0085, ...), Java's default is ASCII only, and Java's {@code
 * UNICODE_CHARACTER_CLASS} flag is not available on Android. So both are rewritten to an explicit
 * White_Space class. {@code \p{L}}, {@code \p{N}} and {@code (?i:...)} (ASCII case folding, as the
 * reference tokenizers apply to the contraction alternatives) mean the same in both engines.
 */
final class PreTokenizerPattern {
  /** The Unicode White_Space property (Unicode 15), as the body of a character class. */
  static final String WHITE_SPACE =
      "\\t\\n\\x0B\\f\\r\\x20\\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000";

  /**
   * GPT-2's pattern, used by a ByteLevel pre-tokenizer with {@code use_regex: true}; written here
   * in its Oniguruma form and translated like any other.
   */
  static final String GPT2 =
      "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

  private PreTokenizerPattern() {}

  /**
   * @throws IllegalArgumentException when the translated pattern is not valid Java regex syntax
   */
  static Pattern compile(String onigurumaPattern) {
    try {
      return Pattern.compile(translate(onigurumaPattern));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("unsupported split pattern " + onigurumaPattern, e);
    }
  }

  static String translate(String pattern) {
    StringBuilder out = new StringBuilder(pattern.length() + 64);
    int classDepth = 0;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        char next = pattern.charAt(++i);
        if (next == 's') {
          out.append(classDepth > 0 ? WHITE_SPACE : "[" + WHITE_SPACE + "]");
        } else if (next == 'S') {
          // A nested negated class is a union member inside a class, in Java and in ICU alike.
          out.append("[^").append(WHITE_SPACE).append(']');
        } else {
          out.append('\\').append(next);
        }
        continue;
      }
      if (c == '[') {
        classDepth++;
      } else if (c == ']' && classDepth > 0) {
        classDepth--;
      }
      out.append(c);
    }
    return out.toString();
  }
}
