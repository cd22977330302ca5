package app.lumen.app.voice

import java.util.Locale
import org.junit.Assert.assertEquals
import org.junit.Test

/** The language of an answer, told from the script most of its letters are written in. */
class AnswerLanguageTest {
  private val app = Locale.forLanguageTag("de-DE")

  private fun guess(text: String) = AnswerLanguage.guess(text, app).toLanguageTag()

  @Test
  fun eachScript_namesItsLanguage() {
    assertEquals("zh", guess("这是一瓶蜂蜜"))
    assertEquals("ja", guess("これは蜂蜜の瓶です"))
    assertEquals("ja", guess("カタカナ"))
    assertEquals("ko", guess("이것은 꿀입니다"))
    assertEquals("ru", guess("Это банка мёда"))
    assertEquals("ar", guess("هذه جرة عسل"))
    assertEquals("hi", guess("यह शहद का जार है"))
    assertEquals("th", guess("นี่คือโถน้ำผึ้ง"))
    assertEquals("el", guess("Αυτό είναι μέλι"))
    assertEquals("he", guess("זה צנצנת דבש"))
  }

  @Test
  fun latinText_isReadInTheAppsLanguage() {
    assertEquals("de-DE", guess("Das ist ein Glas Honig"))
    assertEquals("de-DE", guess("This is a jar of honey"))
  }

  @Test
  fun noLetters_isReadInTheAppsLanguage() {
    assertEquals("de-DE", guess("42 + 7 = 49"))
    assertEquals("de-DE", guess(""))
  }

  @Test
  fun theScriptOfMostLetters_wins() {
    // A Russian sentence naming one Latin brand, and an English one quoting one Russian word.
    assertEquals("ru", guess("Это банка мёда от Acme"))
    assertEquals("de-DE", guess("The label says мёд, which is honey"))
  }

  @Test
  fun hanWithKana_isJapanese_hanAlone_isChinese() {
    assertEquals("ja", guess("蜂蜜蜂蜜蜂蜜蜂蜜の瓶"))
    assertEquals("zh", guess("蜂蜜瓶"))
  }
}
