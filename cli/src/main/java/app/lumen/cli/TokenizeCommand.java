package app.lumen.cli;

import app.lumen.inference.text.Tokenizer;
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

/** {@code lumen tokenize}: one JSON array of ids per input line. */
@Command(
    name = "tokenize",
    mixinStandardHelpOptions = true,
    description = {
      "Reads UTF-8 lines from stdin and prints one JSON array of token ids per line.",
      "Added tokens written in the text (<|im_start|>, ...) are matched as tokenizer.json says.",
      "Lines end at \\n; a \\r before it is dropped. Use --jsonl for exact text."
    })
final class TokenizeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--tokenizer",
      required = true,
      paramLabel = "PATH",
      description = "tokenizer.json, or a model package folder")
  Path tokenizerPath;

  @Option(
      names = "--jsonl",
      description = "each input line is a JSON string (any text, escapes allowed)")
  boolean jsonl;

  @Override
  public Integer call() {
    PrintWriter out = TerminalText.guard(spec.commandLine().getOut());
    PrintWriter err = TerminalText.guard(spec.commandLine().getErr());
    Tokenizer tokenizer;
    try {
      tokenizer = TextCommands.loadTokenizer(tokenizerPath);
    } catch (IOException e) {
      err.println("tokenize: " + e.getMessage());
      return LumenCli.EXIT_INVALID_INPUT;
    }
    TextCommands.Lines lines = new TextCommands.Lines(System.in);
    try {
      for (String line = lines.next(); line != null; line = lines.next()) {
        String text = line;
        if (jsonl) {
          try {
            JsonElement value = TextCommands.parseStrictJson(line);
            if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
              err.println("tokenize: stdin line " + lines.number() + ": expected a JSON string");
              return LumenCli.EXIT_INVALID_INPUT;
            }
            text = value.getAsString();
          } catch (JsonParseException e) {
            err.println("tokenize: stdin line " + lines.number() + ": " + e.getMessage());
            return LumenCli.EXIT_INVALID_INPUT;
          }
        }
        out.println(TextCommands.idsJson(tokenizer.encode(text)));
      }
    } catch (TextCommands.BadLineException e) {
      err.println("tokenize: " + e.getMessage());
      return LumenCli.EXIT_INVALID_INPUT;
    } catch (IOException e) {
      err.println("tokenize: reading stdin: " + e.getMessage());
      return LumenCli.EXIT_OTHER;
    }
    out.flush();
    return LumenCli.EXIT_OK;
  }
}
