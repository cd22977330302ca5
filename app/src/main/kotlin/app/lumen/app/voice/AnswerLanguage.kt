package app.lumen.app.voice

import java.lang.Character.UnicodeScript
import java.util.Locale

/**
 * Guesses the language of an answer from the script most of its letters are written in, so that it
 * can be read with a voice that speaks it: Han is Chinese (Japanese when kana are among it), Hangul
 * Korean, Cyrillic Russian and so on. Latin letters (and text without letters) say nothing about
 * the language: then the app's own locale stands. Pure and thread-safe.
 */
object AnswerLanguage {
  private val byScript =
    mapOf(
      UnicodeScript.HANGUL to "ko",
      UnicodeScript.CYRILLIC to "ru",
      UnicodeScript.ARABIC to "ar",
      UnicodeScript.DEVANAGARI to "hi",
      UnicodeScript.THAI to "th",
      UnicodeScript.GREEK to "el",
      UnicodeScript.HEBREW to "he",
    )

  fun guess(text: String, appLocale: Locale): Locale {
    val counts = HashMap<UnicodeScript, Int>()
    var index = 0
    while (index < text.length) {
      val codePoint = text.codePointAt(index)
      if (Character.isLetter(codePoint)) {
        val script = UnicodeScript.of(codePoint)
        counts[script] = (counts[script] ?: 0) + 1
      }
      index += Character.charCount(codePoint)
    }
    val kana =
      (counts.remove(UnicodeScript.HIRAGANA) ?: 0) + (counts.remove(UnicodeScript.KATAKANA) ?: 0)
    val han = counts.remove(UnicodeScript.HAN) ?: 0
    // Japanese writes with Han and kana together; any kana among Han marks it as Japanese.
    if (kana > 0) counts[UnicodeScript.HIRAGANA] = kana + han
    else if (han > 0) counts[UnicodeScript.HAN] = han
    val dominant = counts.maxByOrNull { it.value }?.key ?: return appLocale
    return when (dominant) {
      UnicodeScript.HIRAGANA -> Locale.forLanguageTag("ja")
      UnicodeScript.HAN -> Locale.forLanguageTag("zh")
      else -> byScript[dominant]?.let(Locale::forLanguageTag) ?: appLocale
    }
  }
}
