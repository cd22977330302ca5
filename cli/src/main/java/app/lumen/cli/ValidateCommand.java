package app.lumen.cli;

import app.lumen.inference.model.PackageValidator;
import app.lumen.pkg.InvalidPackageException;
import app.lumen.pkg.PackageManifest;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lumen validate}: the manifest, every file's size and hash, and each graph's I/O. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a model package: the manifest, every file's size and SHA-256, the JSON configs, the"
          + " tokenizer, and each ONNX graph's inputs and outputs against config.json.",
      "Prints one line per problem to stderr. Exit 0 when valid, 3 when malformed, 5 when only"
          + " sizes or hashes differ."
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "the package folder")
  Path dir;

  @Option(names = "--json", description = "print one JSON result object to stdout")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = TerminalText.guard(spec.commandLine().getOut());
    PrintWriter err = TerminalText.guard(spec.commandLine().getErr());
    if (!Files.isDirectory(dir)) {
      err.println(dir + ": not a folder");
      return LumenCli.EXIT_INVALID_INPUT;
    }
    List<PackageValidator.Problem> problems = PackageValidator.validate(dir);
    for (PackageValidator.Problem problem : problems) {
      err.println(problem.message());
    }
    boolean malformed = problems.stream().anyMatch(p -> !p.integrity());
    int exit =
        problems.isEmpty()
            ? LumenCli.EXIT_OK
            : malformed ? LumenCli.EXIT_INVALID_INPUT : LumenCli.EXIT_INTEGRITY;
    if (json) {
      JsonObject result = new JsonObject();
      result.addProperty("model", dir.toString());
      result.addProperty("valid", problems.isEmpty());
      JsonArray list = new JsonArray();
      for (PackageValidator.Problem problem : problems) {
        JsonObject p = new JsonObject();
        p.addProperty("message", problem.message());
        p.addProperty("integrity", problem.integrity());
        list.add(p);
      }
      result.add("problems", list);
      out.println(TextCommands.JSON.toJson(result));
    } else if (problems.isEmpty()) {
      out.println(dir + ": valid" + summary());
    }
    out.flush();
    err.flush();
    return exit;
  }

  private String summary() {
    try {
      PackageManifest manifest = PackageManifest.read(dir);
      return " ("
          + manifest.id()
          + ", "
          + manifest.family()
          + ", "
          + manifest.files().size()
          + " files, sizes and hashes match, graphs fit config.json)";
    } catch (InvalidPackageException e) {
      return "";
    }
  }
}
