package app.lumen.cli;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.ImageInput;
import app.lumen.inference.LoadedModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Pictures attached in {@code lumen chat} with {@code /image FILE}: they join the next message.
 * They are prepared by the loaded model's own vision path (opened by the model on the first
 * picture, closed with it); its encoding cache means that a regenerated answer or a later turn
 * about the same picture does not encode it again.
 */
final class ChatImages {
  private final LoadedModel model;
  private final Integer budget;
  private final List<ImageInput> pending = new ArrayList<>();

  ChatImages(LoadedModel model, Integer budget) {
    this.model = model;
    this.budget = budget;
  }

  /**
   * Reads {@code file} for the next message; problems (unreadable or refused pictures, a model
   * without a vision graph, a bad budget) are reported and the chat goes on.
   */
  void attach(String file, PrintWriter err) {
    try {
      ImageInput image = CliImages.load(model.vision(), Path.of(file), budget);
      pending.add(image);
      err.println("lumen chat: " + file + " attached (" + image.tokenCount() + " image tokens)");
    } catch (IllegalArgumentException | IOException | app.lumen.inference.InferenceException e) {
      err.println("lumen chat: " + e.getMessage());
    }
    err.flush();
  }

  /** The user message for {@code text}, with the pictures attached since the last one. */
  ChatMessage message(String text) {
    if (pending.isEmpty()) {
      return ChatMessage.user(text);
    }
    ChatMessage message = ChatMessage.user(text, List.copyOf(pending));
    pending.clear();
    return message;
  }
}
