package app.lumen.cli;

import app.lumen.pkg.ModelFamily;
import app.lumen.testkit.GeneratedFamilies;
import app.lumen.testkit.Quantization;
import app.lumen.testkit.SyntheticPackageGenerator;
import app.lumen.testkit.TinyPackageGenerator;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
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
    subcommands = {TestkitCommand.Tiny.class, TestkitCommand.Synthetic.class})
public final class TestkitCommand implements Runnable {
  static final String OUT_HELP = "Folder to write: absent or empty (or see --force).";
  static final String FORCE_HELP =
      "Replace a folder that holds anything; the new package is written beside it first.";

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
        return GeneratedFamilies.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  static final class QuantizationConverter implements CommandLine.ITypeConverter<Quantization> {
    @Override
    public Quantization convert(String value) {
      try {
        return Quantization.fromId(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  @Command(
      name = "synthetic",
      mixinStandardHelpOptions = true,
      description = {
        "Write a full-size package with random weights, for benchmarks (its text is noise).",
        "Qwen3-VL-2B/4B text dimensions; weights in .onnx_data files; int4 uses MatMulNBits."
      })
  static final class Synthetic implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--size", required = true, paramLabel = "2b|4b", description = "Model size.")
    String size;

    @Option(
        names = "--quant",
        required = true,
        converter = QuantizationConverter.class,
        paramLabel = "int4|int8|fp16|fp32",
        description = "Weight storage of the projections.")
    Quantization quant;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = OUT_HELP)
    Path out;

    @Option(names = "--force", description = FORCE_HELP)
    boolean force;

    @Option(
        names = "--family",
        defaultValue = "qwen3_vl",
        converter = FamilyConverter.class,
        paramLabel = "F",
        description = "qwen3_vl (default), qwen2_vl or qwen2_5_vl.")
    ModelFamily family;

    @Option(
        names = "--seed",
        defaultValue = "42",
        description = "Weight seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
        names = "--tokenizer",
        paramLabel = "FILE",
        description =
            "A tokenizer.json to ship (e.g. the real Qwen one); default: a small generated one.")
    Path tokenizer;

    @Option(names = "--json", description = "Progress and result as JSON lines.")
    boolean json;

    @Override
    public Integer call() {
      PrintWriter err = TerminalText.guard(spec.commandLine().getErr());
      PrintWriter stdout = TerminalText.guard(spec.commandLine().getOut());
      if (!size.equals("2b") && !size.equals("4b")) {
        err.println("testkit synthetic: --size must be 2b or 4b, got '" + size + "'");
        return LumenCli.EXIT_USAGE;
      }
      String problem = OutputPaths.replaceableProblem(out, force);
      if (problem != null) {
        err.println("testkit synthetic: " + problem);
        return LumenCli.EXIT_INVALID_INPUT;
      }
      if (tokenizer != null && !Files.isRegularFile(tokenizer)) {
        err.println("testkit synthetic: --tokenizer " + tokenizer + ": no such file");
        return LumenCli.EXIT_INVALID_INPUT;
      }
      long start = System.nanoTime();
      SyntheticPackageGenerator.Listener progress =
          new SyntheticPackageGenerator.Listener() {
            @Override
            public void fileWritten(String path, long bytes) {
              double s = (System.nanoTime() - start) / 1e9;
              if (json) {
                JsonObject o = new JsonObject();
                o.addProperty("event", "file");
                o.addProperty("path", path);
                o.addProperty("bytes", bytes);
                o.addProperty("elapsed_s", Math.round(s * 10) / 10.0);
                stdout.println(o);
              } else {
                stdout.printf(
                    Locale.ROOT, "%-45s %10.1f MiB  (%.1f s)%n", path, bytes / 1048576.0, s);
              }
              stdout.flush();
            }
          };
      SyntheticPackageGenerator.Result result;
      try {
        result =
            OutputPaths.replaceFolder(
                out,
                dir ->
                    SyntheticPackageGenerator.generate(
                        dir, size, quant, family, seed, tokenizer, progress));
      } catch (IOException e) {
        err.println("testkit synthetic: cannot write " + out + ": " + e.getMessage());
        return LumenCli.EXIT_OTHER;
      } catch (JsonParseException e) {
        err.println("testkit synthetic: --tokenizer " + tokenizer + ": not valid JSON");
        return LumenCli.EXIT_INVALID_INPUT;
      } catch (IllegalArgumentException e) {
        err.println("testkit synthetic: " + e.getMessage());
        return LumenCli.EXIT_INVALID_INPUT;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long bytes = result.manifest().totalSize();
      if (json) {
        JsonObject o = new JsonObject();
        o.addProperty("event", "done");
        o.addProperty("dir", out.toAbsolutePath().toString());
        o.addProperty("id", result.manifest().id());
        o.addProperty("bytes", bytes);
        o.addProperty("seconds", Math.round(seconds * 10) / 10.0);
        stdout.println(o);
      } else {
        stdout.printf(
            Locale.ROOT,
            "wrote %s to %s: %.2f GiB in %.1f s (random weights: for benchmarks only)%n",
            result.manifest().id(),
            out,
            bytes / (double) (1L << 30),
            seconds);
      }
      stdout.flush();
      return LumenCli.EXIT_OK;
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

    @Option(names = "--out", required = true, paramLabel = "DIR", description = OUT_HELP)
    Path out;

    @Option(names = "--force", description = FORCE_HELP)
    boolean force;

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

    @Option(
        names = "--no-deepstack",
        description = "Qwen3-VL decoder without the deepstack_embeds input (as published exports).")
    boolean noDeepstack;

    @Option(names = "--json", description = "Print one JSON object instead of a sentence.")
    boolean json;

    @Override
    public Integer call() {
      PrintWriter err = TerminalText.guard(spec.commandLine().getErr());
      String problem = OutputPaths.replaceableProblem(out, force);
      if (problem != null) {
        err.println("testkit tiny: " + problem);
        return LumenCli.EXIT_INVALID_INPUT;
      }
      long start = System.nanoTime();
      TinyPackageGenerator.Result result;
      try {
        result =
            OutputPaths.replaceFolder(
                out, dir -> TinyPackageGenerator.generate(dir, seed, family, !noDeepstack));
      } catch (IOException e) {
        err.println("testkit tiny: cannot write " + out + ": " + e.getMessage());
        return LumenCli.EXIT_OTHER;
      }
      double ms = (System.nanoTime() - start) / 1e6;
      PrintWriter stdout = TerminalText.guard(spec.commandLine().getOut());
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
