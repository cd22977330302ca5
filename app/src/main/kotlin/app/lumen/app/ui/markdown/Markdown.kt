package app.lumen.app.ui.markdown

import androidx.compose.foundation.horizontalScroll
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.selection.SelectionContainer
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.remember
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.platform.LocalClipboardManager
import androidx.compose.ui.platform.testTag
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.AnnotatedString
import androidx.compose.ui.text.SpanStyle
import androidx.compose.ui.text.buildAnnotatedString
import androidx.compose.ui.text.font.FontFamily
import androidx.compose.ui.text.font.FontStyle
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.text.style.TextDecoration
import androidx.compose.ui.text.withStyle
import androidx.compose.ui.unit.dp
import app.lumen.R
import org.commonmark.node.BlockQuote
import org.commonmark.node.BulletList
import org.commonmark.node.Code
import org.commonmark.node.Emphasis
import org.commonmark.node.FencedCodeBlock
import org.commonmark.node.HardLineBreak
import org.commonmark.node.Heading
import org.commonmark.node.HtmlBlock
import org.commonmark.node.HtmlInline
import org.commonmark.node.IndentedCodeBlock
import org.commonmark.node.Link
import org.commonmark.node.ListItem
import org.commonmark.node.Node
import org.commonmark.node.OrderedList
import org.commonmark.node.Paragraph
import org.commonmark.node.SoftLineBreak
import org.commonmark.node.StrongEmphasis
import org.commonmark.node.Text as MdText
import org.commonmark.node.ThematicBreak
import org.commonmark.parser.Parser

private val parser: Parser = Parser.builder().build()

/**
 * Renders Markdown (CommonMark) as Material text: paragraphs, headings, lists, quotes, inline
 * styles and code blocks with a copy button. Re-parses on every change, which stays cheap for chat
 * answers and keeps half-streamed Markdown (an unclosed fence) readable as it grows.
 */
@Composable
fun MarkdownText(markdown: String, modifier: Modifier = Modifier) {
  val document = remember(markdown) { parser.parse(markdown) }
  Column(modifier, verticalArrangement = Arrangement.spacedBy(8.dp)) { Blocks(document) }
}

@Composable
private fun Blocks(parent: Node) {
  var node = parent.firstChild
  while (node != null) {
    Block(node)
    node = node.next
  }
}

@Composable
private fun Block(node: Node) {
  val colors = MaterialTheme.colorScheme
  when (node) {
    is Paragraph -> Text(inline(node, colors.primary), style = MaterialTheme.typography.bodyLarge)
    is Heading ->
      Text(
        inline(node, colors.primary),
        style =
          when (node.level) {
            1 -> MaterialTheme.typography.headlineSmall
            2 -> MaterialTheme.typography.titleLarge
            else -> MaterialTheme.typography.titleMedium
          },
      )
    is FencedCodeBlock -> CodeBlock(node.literal.removeSuffix("\n"), node.info)
    is IndentedCodeBlock -> CodeBlock(node.literal.removeSuffix("\n"), "")
    is HtmlBlock -> CodeBlock(node.literal.removeSuffix("\n"), "html")
    is BulletList -> ListBlock(node) { "•" }
    is OrderedList -> {
      val start = node.markerStartNumber ?: 1
      ListBlock(node) { index -> "${start + index}." }
    }
    is BlockQuote ->
      Surface(color = colors.surfaceVariant, shape = MaterialTheme.shapes.small) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
          Blocks(node)
        }
      }
    is ThematicBreak -> HorizontalDivider()
    else -> Blocks(node)
  }
}

@Composable
private fun ListBlock(list: Node, marker: (Int) -> String) {
  Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
    var item = list.firstChild
    var index = 0
    while (item != null) {
      if (item is ListItem) {
        Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
          Text(marker(index), style = MaterialTheme.typography.bodyLarge)
          Column(verticalArrangement = Arrangement.spacedBy(4.dp)) { Blocks(item) }
        }
        index++
      }
      item = item.next
    }
  }
}

/** A code block: monospace, scrolls sideways, with its language and a copy button. */
@Composable
fun CodeBlock(code: String, language: String?) {
  val clipboard = LocalClipboardManager.current
  Surface(
    color = MaterialTheme.colorScheme.surfaceContainerHighest,
    shape = MaterialTheme.shapes.medium,
    modifier = Modifier.fillMaxWidth().testTag("code_block"),
  ) {
    Column {
      Row(
        Modifier.fillMaxWidth().padding(start = 12.dp),
        verticalAlignment = Alignment.CenterVertically,
      ) {
        Text(
          language.orEmpty().ifBlank { stringResource(R.string.code) },
          style = MaterialTheme.typography.labelMedium,
          modifier = Modifier.weight(1f),
        )
        TextButton(onClick = { clipboard.setText(AnnotatedString(code)) }) {
          Text(stringResource(R.string.copy_code))
        }
      }
      SelectionContainer {
        Text(
          code,
          fontFamily = FontFamily.Monospace,
          style = MaterialTheme.typography.bodyMedium,
          modifier =
            Modifier.horizontalScroll(rememberScrollState())
              .padding(start = 12.dp, end = 12.dp, bottom = 12.dp),
        )
      }
    }
  }
}

/** The inline content of a block as styled text. */
internal fun inline(block: Node, linkColor: Color): AnnotatedString = buildAnnotatedString {
  fun walk(node: Node) {
    var child = node.firstChild
    while (child != null) {
      when (child) {
        is MdText -> append(child.literal)
        is Code ->
          withStyle(SpanStyle(fontFamily = FontFamily.Monospace, background = Color(0x22888888))) {
            append(child.literal)
          }
        is Emphasis -> withStyle(SpanStyle(fontStyle = FontStyle.Italic)) { walk(child) }
        is StrongEmphasis -> withStyle(SpanStyle(fontWeight = FontWeight.Bold)) { walk(child) }
        is Link ->
          withStyle(SpanStyle(color = linkColor, textDecoration = TextDecoration.Underline)) {
            walk(child)
          }
        is SoftLineBreak -> append(' ')
        is HardLineBreak -> append('\n')
        is HtmlInline -> append(child.literal)
        else -> walk(child)
      }
      child = child.next
    }
  }
  walk(block)
}
