package app.lumen.cli;

import app.lumen.inference.EngineSupport;
import app.lumen.inference.GenerationException;
import app.lumen.inference.InvalidRequestException;
import app.lumen.inference.ModelIntegrityException;
import app.lumen.inference.ModelLoadException;
import app.lumen.inference.UnsupportedFamilyException;
import app.lumen.pkg.IntegrityException;
import app.lumen.pkg.ModelFamily;
import app.lumen.pkg.PackageException;
import app.lumen.pkg.PackageManifest;
import java.io.PrintWriter;

/** Maps engine exceptions to the CLI's one-line errors and exit codes. */
final class EngineErrors {
  private EngineErrors() {}

  static int report(String command, RuntimeException e, PrintWriter err) {
    printLines(command, describe(e), err);
    if (e instanceof ModelIntegrityException) {
      return LumenCli.EXIT_INTEGRITY;
    }
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

  /** A package refused before the engine saw it: exit 5 when only sizes or hashes differ. */
  static int reportPackage(String command, PackageException e, PrintWriter err) {
    printLines(command, e.getMessage(), err);
    return e instanceof IntegrityException ? LumenCli.EXIT_INTEGRITY : LumenCli.EXIT_INVALID_INPUT;
  }

  /**
   * The message of {@code e} as {@code lumen validate} words it: a family the engine does not run
   * is a problem of the manifest's {@code family} field.
   */
  static String describe(RuntimeException e) {
    if (e instanceof UnsupportedFamilyException) {
      return unsupportedFamily(((UnsupportedFamilyException) e).family());
    }
    return e.getMessage();
  }

  /** {@code lumen-package.json: family: Qwen3.5 models are not supported by this version ...}. */
  static String unsupportedFamily(ModelFamily family) {
    return PackageManifest.FILE_NAME + ": family: " + EngineSupport.unsupportedMessage(family);
  }

  // A package's problems come one per line, as `lumen validate` prints them.
  private static void printLines(String command, String message, PrintWriter err) {
    for (String line : (message == null ? "failed without a message" : message).split("\n")) {
      err.println("lumen " + command + ": " + line);
    }
  }
}
