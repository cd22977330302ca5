package app.lumen.cli;

import app.lumen.testkit.ModelFamily;
import app.lumen.testkit.TinyPackageGenerator;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lumen testkit …}: generated model packages for tests, demos and benchmarks. */
@Command(
    name = "testkit",
    mixinStandardHelpOptions = true,
    description = "Generate model packages with random weights (for tests and benchmarks).",
    subcommands = {TestkitCommand.Tiny.class})
public final class TestkitCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Converts {@code --family} values, listing the choices on a bad one (a usage error). */
  static final class FamilyConverter implements CommandLine.ITypeConverter<ModelFamily> {
    @Override
    public ModelFamily convert(String value) {
      try {
        return ModelFamily.fromId(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  @Command(
      name = "tiny",
      mixinStandardHelpOptions = true,
      description = {
        "Write a tiny package (hidden 64, 2 layers, random weights) in the real package layout.",
        "The same seed and family always give byte-identical files."
      })
  static final class Tiny implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write.")
    Path out;

    @Option(
        names = "--seed",
        defaultValue = "42",
        description = "Weight seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
        names = "--family",
        defaultValue = "qwen3_vl",
        converter = FamilyConverter.class,
        paramLabel = "F",
        description = "qwen3_vl (default), qwen2_vl or qwen2_5_vl.")
    ModelFamily family;

    @Option(names = "--json", description = "Print one JSON object instead of a sentence.")
    boolean json;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      if (Files.exists(out) && !Files.isDirectory(out)) {
        err.println("testkit tiny: " + out + ": exists and is not a folder");
        return LumenCli.EXIT_INVALID_INPUT;
      }
      long start = System.nanoTime();
      TinyPackageGenerator.Result result;
      try {
        result = TinyPackageGenerator.generate(out, seed, family);
      } catch (IOException e) {
        err.println("testkit tiny: cannot write " + out + ": " + e.getMessage());
        return LumenCli.EXIT_OTHER;
      }
      double ms = (System.nanoTime() - start) / 1e6;
      PrintWriter stdout = spec.commandLine().getOut();
      long bytes = result.manifest().totalSize();
      int files = result.manifest().files().size() + 1;
      if (json) {
        JsonObject o = new JsonObject();
        o.addProperty("event", "done");
        o.addProperty("dir", out.toAbsolutePath().toString());
        o.addProperty("id", result.manifest().id());
        o.addProperty("family", family.id());
        o.addProperty("seed", seed);
        o.addProperty("files", files);
        o.addProperty("bytes", bytes);
        o.addProperty("ms", Math.round(ms * 10) / 10.0);
        stdout.println(o);
      } else {
        stdout.printf(
            Locale.ROOT,
            "wrote %s (%s, seed %d, random weights) to %s: %d files, %.1f KiB in %.0f ms%n",
            result.manifest().id(),
            family.id(),
            seed,
            out,
            files,
            bytes / 1024.0,
            ms);
      }
      stdout.flush();
      return LumenCli.EXIT_OK;
    }
  }
}
