package app.lumen.cli;

import app.lumen.pkg.ModelFamily;
import app.lumen.testkit.GeneratedFamilies;
import app.lumen.testkit.TinyPackageGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lumen demo}: the whole engine path without a download — a tiny generated package in a
 * temporary folder, answered by {@code generate}.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Builds a tiny model package in a temporary folder and runs generate on it.",
      "Its weights are random: the answer is gibberish, but every step is the real one."
    })
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--prompt", paramLabel = "TEXT", description = "Default: ${DEFAULT-VALUE}")
  String prompt = "Describe a sunny day.";

  @Option(
      names = "--family",
      paramLabel = "F",
      description = "qwen3_vl (default), qwen2_vl, qwen2_5_vl.")
  String family = "qwen3_vl";

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Weights seed; default ${DEFAULT-VALUE}.")
  long seed = 1;

  @Option(names = "--max-tokens", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
  int maxTokens = 24;

  @Option(names = "--json", description = "JSON events, as generate --json.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = TerminalText.guard(spec.commandLine().getErr());
    ModelFamily modelFamily;
    try {
      modelFamily = GeneratedFamilies.parse(family);
    } catch (IllegalArgumentException e) {
      err.println("lumen demo: --family: " + e.getMessage());
      return LumenCli.EXIT_USAGE;
    }
    Path dir = Files.createTempDirectory("lumen-demo-");
    try {
      TinyPackageGenerator.generate(dir, seed, modelFamily);
      err.println(
          "lumen demo: built a tiny "
              + modelFamily.id()
              + " package in "
              + dir
              + ". Its weights are RANDOM: the answer below is meaningless text, produced by the"
              + " real tokenizer, template, graphs, cache and sampler.");
      err.flush();
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--model",
                  dir.toString(),
                  "--prompt",
                  prompt,
                  "--max-tokens",
                  Integer.toString(maxTokens),
                  "--seed",
                  Long.toString(seed)));
      if (json) {
        args.add("--json");
      }
      CommandLine generate = new CommandLine(new GenerateCommand());
      generate.setOut(spec.commandLine().getOut());
      generate.setErr(spec.commandLine().getErr());
      return generate.execute(args.toArray(new String[0]));
    } finally {
      OutputPaths.deleteTree(dir);
    }
  }
}
