package app.lumen.inference.text.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds added tokens ({@code <|im_start|>}, {@code <think>}, ...) in text before BPE runs, the way
 * Hugging Face tokenizers do: leftmost match first, the longest token when several start at the
 * same place, then the {@code lstrip}/{@code rstrip}/{@code single_word} options of the token.
 *
 * <p>Immutable; safe to share between threads.
 */
final class AddedTokenMatcher {

  /** One added token as declared in {@code tokenizer.json}. */
  record AddedToken(
      int id,
      String content,
      boolean special,
      boolean singleWord,
      boolean leftStrip,
      boolean rightStrip) {}

  /** Receives the text between matches and the matches themselves, in order. */
  interface Sink {
    void text(String text, int start, int end);

    void token(int id);
  }

  private final boolean[] firstChars = new boolean[65536];
  // Per first character: the tokens starting with it, longest first.
  private final AddedToken[][] byFirstChar = new AddedToken[65536][];

  AddedTokenMatcher(List<AddedToken> tokens) {
    Map<Character, List<AddedToken>> buckets = new HashMap<>();
    for (AddedToken token : tokens) {
      if (!token.content().isEmpty()) {
        buckets.computeIfAbsent(token.content().charAt(0), c -> new ArrayList<>()).add(token);
      }
    }
    for (Map.Entry<Character, List<AddedToken>> bucket : buckets.entrySet()) {
      AddedToken[] sorted = bucket.getValue().toArray(new AddedToken[0]);
      Arrays.sort(sorted, Comparator.comparingInt((AddedToken t) -> -t.content().length()));
      char first = bucket.getKey();
      byFirstChar[first] = sorted;
      firstChars[first] = true;
    }
  }

  void split(String text, Sink sink) {
    int textStart = 0;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      AddedToken match = firstChars[c] ? matchAt(text, i) : null;
      if (match == null) {
        i++;
        continue;
      }
      int start = i;
      int end = i + match.content().length();
      if (match.leftStrip()) {
        while (start > textStart && isWhiteSpace(text.codePointBefore(start))) {
          start -= Character.charCount(text.codePointBefore(start));
        }
      }
      if (match.rightStrip()) {
        while (end < n && isWhiteSpace(text.codePointAt(end))) {
          end += Character.charCount(text.codePointAt(end));
        }
      }
      if (start > textStart) {
        sink.text(text, textStart, start);
      }
      sink.token(match.id());
      textStart = end;
      i = end;
    }
    if (textStart < n) {
      sink.text(text, textStart, n);
    }
  }

  private AddedToken matchAt(String text, int i) {
    for (AddedToken token : byFirstChar[text.charAt(i)]) {
      String content = token.content();
      if (text.startsWith(content, i)
          && (!token.singleWord() || isWholeWord(text, i, i + content.length()))) {
        return token;
      }
    }
    return null;
  }

  private static boolean isWholeWord(String text, int start, int end) {
    boolean wordBefore = start > 0 && isWordChar(text.codePointBefore(start));
    boolean wordAfter = end < text.length() && isWordChar(text.codePointAt(end));
    return !wordBefore && !wordAfter;
  }

  /** The Unicode White_Space property, as Rust's {@code char::is_whitespace}. */
  static boolean isWhiteSpace(int c) {
    return (c >= 0x09 && c <= 0x0D)
        || c == 0x20
        || c == 0x85
        || c == 0xA0
        || c == 0x1680
        || (c >= 0x2000 && c <= 0x200A)
        || c == 0x2028
        || c == 0x2029
        || c == 0x202F
        || c == 0x205F
        || c == 0x3000;
  }

  private static boolean isWordChar(int codePoint) {
    return Character.isLetterOrDigit(codePoint) || codePoint == '_';
  }
}
