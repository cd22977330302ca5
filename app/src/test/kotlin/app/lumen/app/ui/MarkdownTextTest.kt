package app.lumen.app.ui

import androidx.compose.ui.graphics.Color
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onAllNodesWithTag
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.text.font.FontFamily
import androidx.compose.ui.text.font.FontStyle
import androidx.compose.ui.text.font.FontWeight
import androidx.test.ext.junit.runners.AndroidJUnit4
import app.lumen.app.ui.markdown.MarkdownText
import app.lumen.app.ui.markdown.inline
import app.lumen.app.ui.theme.LumenTheme
import org.commonmark.parser.Parser
import org.junit.Assert.assertEquals
import org.junit.Rule
import org.junit.Test
import org.junit.runner.RunWith

@RunWith(AndroidJUnit4::class)
class MarkdownTextTest {
  @get:Rule val compose = createComposeRule()

  @Test
  fun inlineStyles_becomeSpansOverExactlyTheirText() {
    val paragraph = Parser.builder().build().parse("A **bold**, *soft* and `code` line").firstChild
    val text = inline(paragraph, Color.Blue)

    assertEquals("A bold, soft and code line", text.text)
    fun styled(predicate: (androidx.compose.ui.text.SpanStyle) -> Boolean) =
      text.spanStyles.filter { predicate(it.item) }.map { text.text.substring(it.start, it.end) }
    assertEquals(listOf("bold"), styled { it.fontWeight == FontWeight.Bold })
    assertEquals(listOf("soft"), styled { it.fontStyle == FontStyle.Italic })
    assertEquals(listOf("code"), styled { it.fontFamily == FontFamily.Monospace })
  }

  @Test
  fun blocks_renderHeadingsNumberedListsAndEveryCodeBlock() {
    compose.setContent {
      LumenTheme(dynamicColor = false) {
        MarkdownText(
          "# Title\n\n3. three\n4. four\n\n- dot\n\n```\nfirst()\n```\n\n    second()\n\n> quoted"
        )
      }
    }
    compose.onNodeWithText("Title").assertExists()
    compose.onNodeWithText("3.").assertExists()
    compose.onNodeWithText("4.").assertExists()
    compose.onNodeWithText("•").assertExists()
    compose.onNodeWithText("quoted").assertExists()
    assertEquals(
      2,
      compose.onAllNodesWithTag("code_block", useUnmergedTree = true).fetchSemanticsNodes().size,
    )
    compose.onNodeWithText("first()").assertExists()
    compose.onNodeWithText("second()").assertExists()
  }

  @Test
  fun unfinishedFence_whileStreaming_showsTheCodeSoFar() {
    compose.setContent {
      LumenTheme(dynamicColor = false) { MarkdownText("Here:\n\n```kotlin\nval a = 1\nval b") }
    }
    compose.onNodeWithText("val a = 1\nval b").assertExists()
    compose.onNodeWithText("kotlin").assertExists()
  }
}
