package app.lumen.cli;

import app.lumen.inference.text.Tokenizer;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lumen detokenize}: one JSON string per input line of ids. */
@Command(
    name = "detokenize",
    mixinStandardHelpOptions = true,
    description = {
      "Reads one JSON array of token ids per stdin line and prints the decoded text as one JSON"
          + " string per line (invalid UTF-8 becomes U+FFFD)."
    })
final class DetokenizeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--tokenizer",
      required = true,
      paramLabel = "PATH",
      description = "tokenizer.json, or a model package folder")
  Path tokenizerPath;

  @Option(names = "--skip-special-tokens", description = "leave special tokens out of the text")
  boolean skipSpecialTokens;

  @Override
  public Integer call() {
    PrintWriter out = TerminalText.guard(spec.commandLine().getOut());
    PrintWriter err = TerminalText.guard(spec.commandLine().getErr());
    Tokenizer tokenizer;
    try {
      tokenizer = TextCommands.loadTokenizer(tokenizerPath);
    } catch (IOException e) {
      err.println("detokenize: " + e.getMessage());
      return LumenCli.EXIT_INVALID_INPUT;
    }
    TextCommands.Lines lines = new TextCommands.Lines(System.in);
    try {
      for (String line = lines.next(); line != null; line = lines.next()) {
        int[] ids;
        try {
          ids = ids(TextCommands.parseStrictJson(line), tokenizer.vocabularySize());
        } catch (JsonParseException | IllegalArgumentException e) {
          err.println("detokenize: stdin line " + lines.number() + ": " + e.getMessage());
          return LumenCli.EXIT_INVALID_INPUT;
        }
        out.println(TextCommands.JSON.toJson(tokenizer.decode(ids, skipSpecialTokens)));
      }
    } catch (TextCommands.BadLineException e) {
      err.println("detokenize: " + e.getMessage());
      return LumenCli.EXIT_INVALID_INPUT;
    } catch (IOException e) {
      err.println("detokenize: reading stdin: " + e.getMessage());
      return LumenCli.EXIT_OTHER;
    }
    out.flush();
    return LumenCli.EXIT_OK;
  }

  private static int[] ids(JsonElement value, int vocabularySize) {
    if (!value.isJsonArray()) {
      throw new IllegalArgumentException("expected a JSON array of token ids");
    }
    JsonArray array = value.getAsJsonArray();
    int[] ids = new int[array.size()];
    for (int i = 0; i < ids.length; i++) {
      JsonElement item = array.get(i);
      if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isNumber()) {
        throw new IllegalArgumentException("[" + i + "]: expected a token id, found " + item);
      }
      double id = item.getAsDouble();
      if (id != Math.rint(id) || id < 0 || id >= vocabularySize) {
        throw new IllegalArgumentException(
            "[" + i + "]: " + item + " is not a token id (0.." + (vocabularySize - 1) + ")");
      }
      ids[i] = (int) id;
    }
    return ids;
  }
}
