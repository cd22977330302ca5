package app.lumen.cli;

import app.lumen.inference.GenerationException;
import app.lumen.inference.InvalidRequestException;
import app.lumen.inference.ModelLoadException;
import java.io.PrintWriter;

/** Maps engine exceptions to the CLI's one-line errors and exit codes. */
final class EngineErrors {
  private EngineErrors() {}

  static int report(String command, RuntimeException e, PrintWriter err) {
    err.println("lumen " + command + ": " + e.getMessage());
    if (e instanceof ModelLoadException || e instanceof InvalidRequestException) {
      return LumenCli.EXIT_INVALID_INPUT;
    }
    if (e instanceof IllegalArgumentException) {
      return LumenCli.EXIT_USAGE;
    }
    if (e instanceof GenerationException) {
      return LumenCli.EXIT_OTHER;
    }
    return LumenCli.EXIT_OTHER;
  }
}
