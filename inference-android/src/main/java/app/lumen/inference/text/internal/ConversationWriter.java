package app.lumen.inference.text.internal;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.text.RenderOptions;
import app.lumen.inference.text.RenderedPrompt;
import app.lumen.inference.text.Tokenizer;
import java.util.List;

/**
 * Lays out a conversation as a prompt: the package's own Jinja template ({@link
 * JinjaConversationWriter}) or, for packages without one, the family's layout written in Java
 * ({@link ChatMlRenderer}). Both write into a {@link PromptBuilder}, which gives the ids or the
 * text. Implementations are immutable; errors are {@link IllegalArgumentException} naming the
 * message or template line.
 */
public abstract class ConversationWriter {
  private final Tokenizer tokenizer;

  ConversationWriter(Tokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  public final RenderedPrompt render(List<ChatMessage> messages, RenderOptions options) {
    PromptBuilder out = new PromptBuilder(tokenizer, false);
    ConversationRules.check(messages);
    write(messages, options, out);
    return out.build();
  }

  public final String renderText(List<ChatMessage> messages, RenderOptions options) {
    PromptBuilder out = new PromptBuilder(tokenizer, true);
    ConversationRules.check(messages);
    write(messages, options, out);
    return out.text();
  }

  abstract void write(List<ChatMessage> messages, RenderOptions options, PromptBuilder out);
}
