package app.lumen.app.voice

import org.commonmark.node.AbstractVisitor
import org.commonmark.node.Block
import org.commonmark.node.Code
import org.commonmark.node.FencedCodeBlock
import org.commonmark.node.HardLineBreak
import org.commonmark.node.HtmlBlock
import org.commonmark.node.HtmlInline
import org.commonmark.node.Image
import org.commonmark.node.IndentedCodeBlock
import org.commonmark.node.Node
import org.commonmark.node.SoftLineBreak
import org.commonmark.node.Text
import org.commonmark.node.ThematicBreak
import org.commonmark.parser.Parser

/**
 * An answer's Markdown as words to be spoken: the text a reader sees, without the marks that make
 * it up (asterisks, hashes, backticks), without link addresses, HTML or images, and without code
 * blocks, which make no sense read out letter by letter. Each block ends its own line, so that the
 * speech engine pauses between paragraphs, headings and list items. Pure and thread-safe.
 */
object SpokenText {
  private val parser: Parser = Parser.builder().build()

  fun fromMarkdown(markdown: String): String {
    val out = StringBuilder()
    parser.parse(markdown).accept(Collector(out))
    return out.lines().map { it.trim() }.filter { it.isNotEmpty() }.joinToString("\n")
  }

  private class Collector(private val out: StringBuilder) : AbstractVisitor() {
    override fun visit(text: Text) {
      out.append(text.literal)
    }

    override fun visit(code: Code) {
      out.append(code.literal)
    }

    override fun visit(softLineBreak: SoftLineBreak) {
      out.append(' ')
    }

    override fun visit(hardLineBreak: HardLineBreak) {
      out.append('\n')
    }

    override fun visit(fencedCodeBlock: FencedCodeBlock) = Unit

    override fun visit(indentedCodeBlock: IndentedCodeBlock) = Unit

    override fun visit(htmlBlock: HtmlBlock) = Unit

    override fun visit(htmlInline: HtmlInline) = Unit

    override fun visit(image: Image) = Unit

    override fun visit(thematicBreak: ThematicBreak) = Unit

    override fun visitChildren(parent: Node) {
      super.visitChildren(parent)
      if (parent is Block) out.append('\n')
    }
  }
}
