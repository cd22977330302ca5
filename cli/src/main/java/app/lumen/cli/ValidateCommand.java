package app.lumen.cli;

import app.lumen.inference.EngineOptions;
import app.lumen.inference.EngineSupport;
import app.lumen.inference.MemoryForecast;
import app.lumen.inference.ModelLoadException;
import app.lumen.inference.model.PackageValidator;
import app.lumen.pkg.InvalidPackageException;
import app.lumen.pkg.ModelFamily;
import app.lumen.pkg.PackageManifest;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
      "Prints one line per problem to stderr. A package of a family this version does not run"
          + " is a problem too. Exit 0 when valid, 3 when malformed or not supported, 5 when only"
          + " sizes or hashes differ.",
      "A valid package's memory forecast follows on stdout, read from its files without loading"
          + " it: graph weights, decoder cache per token, the context chosen for this machine's"
          + " available memory, and the peak for text only and with a photo at 256 image tokens."
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "the package folder")
  Path dir;

  @Option(
      names = "--json",
      description =
          "print one JSON result object to stdout: model, valid, problems [{message, integrity}],"
              + " supported (when the manifest names a family), memory (when valid: weight_bytes,"
              + " vision_weight_bytes, vision_encode_bytes, image_tokens, cache_bytes_per_token,"
              + " available_bytes, context_tokens, cache_bytes, fixed_bytes, text_peak_bytes,"
              + " photo_peak_bytes)")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = TerminalText.guard(spec.commandLine().getOut());
    PrintWriter err = TerminalText.guard(spec.commandLine().getErr());
    if (!Files.isDirectory(dir)) {
      err.println(dir + ": not a folder");
      return LumenCli.EXIT_INVALID_INPUT;
    }
    List<PackageValidator.Problem> problems = new ArrayList<>();
    Optional<ModelFamily> family = declaredFamily();
    boolean supported = family.isPresent() && EngineSupport.runs(family.get());
    if (family.isPresent() && !supported) {
      // As the loader refuses it: before anything else is read, since nothing else could make
      // the package run.
      problems.add(
          new PackageValidator.Problem(EngineErrors.unsupportedFamily(family.get()), false));
    } else {
      problems.addAll(PackageValidator.validate(dir));
    }
    long available = SystemMemory.availableBytes();
    MemoryForecast forecast = null;
    if (problems.isEmpty()) {
      try {
        forecast =
            MemoryForecast.of(dir, EngineOptions.builder().availableMemoryBytes(available).build());
      } catch (ModelLoadException e) {
        problems.add(new PackageValidator.Problem(e.getMessage(), false));
      }
    }
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
      if (family.isPresent()) {
        result.addProperty("supported", supported);
      }
      if (forecast != null) {
        result.add("memory", ForecastOutput.json(forecast, available));
      }
      out.println(TextCommands.JSON.toJson(result));
    } else if (problems.isEmpty()) {
      out.println(dir + ": valid" + summary());
      out.println(ForecastOutput.line(forecast, available));
    }
    out.flush();
    err.flush();
    return exit;
  }

  /** The manifest's family when it can be read and names one; empty otherwise. */
  private Optional<ModelFamily> declaredFamily() {
    try {
      return ModelFamily.find(PackageManifest.read(dir).family());
    } catch (InvalidPackageException e) {
      return Optional.empty(); // the validator reports the manifest's problems
    }
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
