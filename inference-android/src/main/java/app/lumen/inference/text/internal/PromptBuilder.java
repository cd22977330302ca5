package app.lumen.inference.text.internal;

import app.lumen.inference.ImageInput;
import app.lumen.inference.text.ImageSpan;
import app.lumen.inference.text.RenderedPrompt;
import app.lumen.inference.text.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a rendered prompt as ids. Adjacent text is gathered and encoded in one piece when a
 * special token follows, which gives the same ids as encoding the whole rendered string: added
 * tokens split the text there anyway. In text mode it records the string instead. Not thread-safe.
 */
final class PromptBuilder {
  private final Tokenizer tokenizer;
  private final boolean textMode;
  private final StringBuilder pending = new StringBuilder();
  private final StringBuilder text = new StringBuilder();
  private final IntList ids = new IntList(256);
  private final List<ImageSpan> images = new ArrayList<>();

  PromptBuilder(Tokenizer tokenizer, boolean textMode) {
    this.tokenizer = tokenizer;
    this.textMode = textMode;
  }

  void text(String value) {
    pending.append(value);
  }

  void special(int id) {
    flush();
    append(id);
  }

  void image(int padId, ImageInput image) {
    flush();
    images.add(new ImageSpan(ids.size(), image));
    for (int i = 0; i < image.tokenCount(); i++) {
      append(padId);
    }
  }

  RenderedPrompt build() {
    flush();
    return new RenderedPrompt(ids.toArray(), images);
  }

  String text() {
    flush();
    return text.toString();
  }

  private void append(int id) {
    if (textMode) {
      text.append(tokenizer.tokenText(id));
    }
    ids.add(id);
  }

  private void flush() {
    if (pending.length() == 0) {
      return;
    }
    if (textMode) {
      text.append(pending);
    } else {
      ids.addAll(tokenizer.encode(pending.toString()));
    }
    pending.setLength(0);
  }
}
