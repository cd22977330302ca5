package app.lumen.app.voice

import org.junit.Assert.assertEquals
import org.junit.Test

/** Answers' Markdown read as words: what a reader sees, without marks, addresses or code. */
class SpokenTextTest {
  @Test
  fun emphasisHeadingsAndInlineCode_loseTheirMarks() {
    val markdown = "# Result\n\nThe jar holds **honey**, not _jam_. Call `open()` first."

    assertEquals(
      "Result\nThe jar holds honey, not jam. Call open() first.",
      SpokenText.fromMarkdown(markdown),
    )
  }

  @Test
  fun links_keepTheirWords_withoutTheAddress() {
    val markdown = "See [the label guide](https://example.com/guide) or <https://example.com>."

    val spoken = SpokenText.fromMarkdown(markdown)

    assertEquals("See the label guide or https://example.com.", spoken)
  }

  @Test
  fun codeBlocksImagesAndHtml_areLeftOut() {
    val markdown =
      "Run this:\n\n```kotlin\nval answer = 42\n```\n\n    indented code\n\n" +
        "![a photo](photo.png)<b>bold</b>\n\nDone."

    assertEquals("Run this:\nbold\nDone.", SpokenText.fromMarkdown(markdown))
  }

  @Test
  fun listItemsAndQuotes_eachOnTheirOwnLine() {
    val markdown = "Steps:\n\n1. Wash\n2. Dry\n\n- one\n- two\n\n> quoted\n> text"

    assertEquals(
      listOf("Steps:", "Wash", "Dry", "one", "two", "quoted text"),
      SpokenText.fromMarkdown(markdown).lines(),
    )
  }
}
