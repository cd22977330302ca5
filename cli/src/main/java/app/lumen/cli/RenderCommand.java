package app.lumen.cli;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.model.ModelPackage;
import app.lumen.inference.text.ChatMessagesJson;
import app.lumen.inference.text.ChatTemplate;
import app.lumen.inference.text.RenderOptions;
import app.lumen.inference.text.Tokenizer;
import app.lumen.pkg.IntegrityException;
import app.lumen.pkg.InvalidPackageException;
import app.lumen.pkg.PackageManifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lumen render}: a conversation laid out by the Qwen3-VL chat template, as ids. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = {
      "Renders a conversation with the Qwen3-VL chat template and prints the prompt ids as one"
          + " JSON array.",
      "FILE: [{\"role\": \"system|user|assistant\", \"content\": \"text\" | [{\"type\":\"text\","
          + "\"text\":\"...\"}, {\"type\":\"image\"[, \"tokens\": N]}]}]; an image without tokens"
          + " stays one <|image_pad|>."
    })
final class RenderCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--tokenizer",
      required = true,
      paramLabel = "PATH",
      description = "tokenizer.json, or a model package folder")
  Path tokenizerPath;

  @Option(
      names = "--messages",
      required = true,
      paramLabel = "FILE",
      description = "the conversation (JSON)")
  Path messagesFile;

  @Option(names = "--no-generation-prompt", description = "do not open the assistant's next turn")
  boolean noGenerationPrompt;

  @Option(names = "--think", description = "the Thinking template (the answer opens with <think>)")
  boolean think;

  @Option(
      names = "--style",
      paramLabel = "STYLE",
      description =
          "INSTRUCT (Qwen3-VL; the default for a bare tokenizer.json), THINKING (same as --think)"
              + " or QWEN2_VL (Qwen2-VL and Qwen2.5-VL: a default system prompt)")
  ChatTemplate.Style style;

  @Option(names = "--add-vision-id", description = "write 'Picture N: ' before each image")
  boolean addVisionId;

  @Option(names = "--text", description = "print the rendered text as a JSON string instead of ids")
  boolean text;

  @Override
  public Integer call() {
    PrintWriter out = TerminalText.guard(spec.commandLine().getOut());
    PrintWriter err = TerminalText.guard(spec.commandLine().getErr());
    Tokenizer tokenizer;
    // A package folder brings its own template layout; a bare tokenizer.json renders Qwen3-VL's.
    ChatTemplate.Style packageStyle = ChatTemplate.Style.INSTRUCT;
    ChatTemplate packageTemplate = null;
    List<ChatMessage> messages;
    try {
      if (Files.isRegularFile(tokenizerPath.resolve(PackageManifest.FILE_NAME))) {
        ModelPackage pkg = ModelPackage.open(tokenizerPath);
        tokenizer = pkg.tokenizer();
        packageStyle = pkg.chatTemplate().style();
        packageTemplate = pkg.chatTemplate();
      } else {
        tokenizer = TextCommands.loadTokenizer(tokenizerPath);
      }
      try (Reader reader = Files.newBufferedReader(messagesFile, StandardCharsets.UTF_8)) {
        messages = ChatMessagesJson.parse(reader, messagesFile.toString());
      }
    } catch (IntegrityException e) {
      err.println("render: " + e.getMessage());
      return LumenCli.EXIT_INTEGRITY;
    } catch (IOException | InvalidPackageException | IllegalArgumentException e) {
      err.println("render: " + e.getMessage());
      return LumenCli.EXIT_INVALID_INPUT;
    }
    try {
      ChatTemplate.Style chosen =
          think ? ChatTemplate.Style.THINKING : style != null ? style : packageStyle;
      // A package renders with its own template unless a layout is asked for; stop ids play no
      // part in rendering (the template adds <|im_end|> itself).
      ChatTemplate template =
          packageTemplate != null && !think && style == null
              ? packageTemplate
              : ChatTemplate.create(tokenizer, chosen, new int[0]);
      RenderOptions options = new RenderOptions(!noGenerationPrompt, addVisionId, think);
      out.println(
          text
              ? TextCommands.JSON.toJson(template.renderText(messages, options))
              : TextCommands.idsJson(template.render(messages, options).ids()));
    } catch (IllegalArgumentException e) {
      err.println("render: " + e.getMessage());
      return LumenCli.EXIT_INVALID_INPUT;
    }
    out.flush();
    return LumenCli.EXIT_OK;
  }
}
