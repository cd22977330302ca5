package app.lumen.app.data;

import androidx.annotation.Nullable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the message index stores and what a search asks it, for scripts written without spaces.
 *
 * <p>The index uses SQLite's {@code unicode61} tokenizer, which folds case and removes diacritics
 * beyond ASCII (über, ÄRGER, cafe all find their words), but like every built-in tokenizer it takes
 * a run of Chinese or Japanese characters as one word: 我的猫很可爱 is a single token, so 猫 finds
 * nothing. The {@code icu} tokenizer segments such text, but it is missing from some Android builds
 * and from the SQLite the tests run on, and a dictionary's segmentation would still miss parts of
 * words. So the app indexes a second form of each message in which every Han, Hiragana, Katakana
 * and Hangul character stands alone, and searches for a run of those characters as a phrase of
 * single characters: a match means the characters appear next to each other, in order, like a
 * substring. Messages without such characters keep that second column empty, so they are not stored
 * twice.
 */
public final class MessageSearch {
  private static final Pattern NOT_A_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  private MessageSearch() {}

  /**
   * The text for the index's {@code search_text} column: {@code text} with every character of a
   * script written without spaces set apart by spaces; null when there is none.
   */
  @Nullable
  public static String indexForm(String text) {
    if (text.codePoints().noneMatch(MessageSearch::standsAlone)) return null;
    return spaced(text);
  }

  /**
   * An FTS4 MATCH expression that finds messages containing every word of {@code query}, the last
   * part of each word also as a prefix; null when the query has no letters or digits. Only letters,
   * digits, spaces, quotes and {@code *} reach the expression, so FTS syntax is never passed
   * through.
   */
  @Nullable
  public static String matchQuery(String query) {
    List<String> phrases = new ArrayList<>();
    for (String word : NOT_A_WORD.split(query)) {
      if (word.isEmpty()) continue;
      String tokens = spaced(word).trim().replaceAll(" +", " ");
      boolean endsInSpacelessScript = standsAlone(word.codePointBefore(word.length()));
      phrases.add("\"" + tokens + (endsInSpacelessScript ? "" : "*") + "\"");
    }
    return phrases.isEmpty() ? null : String.join(" ", phrases);
  }

  private static String spaced(String text) {
    StringBuilder out = new StringBuilder(text.length() * 2);
    text.codePoints()
        .forEach(
            c -> {
              if (standsAlone(c)) {
                out.append(' ').appendCodePoint(c).append(' ');
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }

  private static boolean standsAlone(int codePoint) {
    switch (Character.UnicodeScript.of(codePoint)) {
      case HAN:
      case HIRAGANA:
      case KATAKANA:
      case HANGUL:
        return true;
      default:
        return false;
    }
  }
}
