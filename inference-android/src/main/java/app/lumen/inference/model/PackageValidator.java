package app.lumen.inference.model;

import ai.onnxruntime.OrtException;
import app.lumen.inference.model.internal.OrtGraphInspector;
import app.lumen.inference.model.internal.OrtGraphInspector.GraphIo;
import app.lumen.inference.text.Tokenizer;
import app.lumen.pkg.InvalidPackageException;
import app.lumen.pkg.ModelFamily;
import app.lumen.pkg.PackageManifest;
import app.lumen.pkg.PackagePaths;
import app.lumen.pkg.PackageProblem;
import app.lumen.pkg.PackageVerifier;
import app.lumen.vision.ImageProcessorConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The full check behind {@code lumen validate}: the manifest, every file's size and hash, the JSON
 * configs, the tokenizer, and each graph's inputs and outputs (read through ONNX Runtime) against
 * {@link GraphContract} and {@code config.json}. It reports every problem it can find rather than
 * stopping at the first, but does not pile consequences onto a cause: a file with the wrong size or
 * hash is not parsed further.
 *
 * <p>Stateless and thread-safe; never throws for a problem with the package.
 */
public final class PackageValidator {

  /** One problem, one line; {@code integrity} for size or hash mismatches (CLI exit 5). */
  public record Problem(String message, boolean integrity) {
    @Override
    public String toString() {
      return message;
    }
  }

  private PackageValidator() {}

  /** Every problem of the package in {@code dir}; empty when it is valid. */
  public static List<Problem> validate(Path dir) {
    List<Problem> problems = new ArrayList<>();
    PackageManifest manifest;
    try {
      manifest = PackageManifest.read(dir);
    } catch (InvalidPackageException e) {
      addLines(problems, e.getMessage());
      return problems;
    }
    Set<String> damaged = new HashSet<>();
    for (PackageProblem problem :
        PackageVerifier.verify(dir, manifest, PackageVerifier.Mode.FULL)) {
      problems.add(new Problem(problem.message(), problem.isIntegrity()));
      damaged.add(problem.file());
    }
    ModelConfig config = null;
    ModelFamily family = null;
    try {
      family = ModelFamily.of(manifest);
      ModelPackage.checkGraphs(family, manifest);
    } catch (InvalidPackageException e) {
      addLines(problems, e.getMessage());
    }
    if (!damaged.contains(ModelConfig.FILE_NAME)) {
      try {
        config = ModelConfig.parse(ModelPackage.json(dir, manifest, ModelConfig.FILE_NAME));
        if (family != null) {
          ModelPackage.checkFamily(family, config);
        }
      } catch (InvalidPackageException e) {
        addLines(problems, e.getMessage());
        config = null;
      }
    }
    GenerationConfig generation =
        check(
            problems,
            damaged,
            GenerationConfig.FILE_NAME,
            () ->
                GenerationConfig.parse(
                    ModelPackage.json(dir, manifest, GenerationConfig.FILE_NAME)));
    ImageProcessorConfig processor = null;
    if (family == null || family.hasVision()) {
      processor =
          check(
              problems,
              damaged,
              ImageProcessorConfig.FILE_NAME,
              () -> ModelPackage.preprocessorConfig(dir, manifest));
    }
    TokenizerConfig tokenizerConfig =
        check(
            problems,
            damaged,
            TokenizerConfig.FILE_NAME,
            () ->
                TokenizerConfig.parse(ModelPackage.json(dir, manifest, TokenizerConfig.FILE_NAME)));
    if (tokenizerConfig != null) {
      // The template the loader would use, refused as the loader refuses it (unlisted, broken).
      ModelFamily templateFamily = family;
      check(
          problems,
          damaged,
          ModelPackage.CHAT_TEMPLATE_JINJA,
          () -> ModelPackage.checkedChatTemplate(dir, manifest, tokenizerConfig, templateFamily));
    }
    Tokenizer tokenizer =
        check(problems, damaged, "tokenizer.json", () -> ModelPackage.tokenizer(dir, manifest));
    for (String disagreement :
        PackageConsistency.problems(config, generation, processor, tokenizer)) {
      problems.add(new Problem(disagreement, false));
    }
    for (Map.Entry<String, String> graph : manifest.graphs().entrySet()) {
      if (!damaged.contains(graph.getValue())) {
        checkGraph(problems, dir, graph.getKey(), graph.getValue(), config);
      }
    }
    return problems;
  }

  private static void checkGraph(
      List<Problem> problems, Path dir, String role, String file, ModelConfig config) {
    GraphIo io;
    try {
      io = OrtGraphInspector.inspect(PackagePaths.resolve(dir, file));
    } catch (InvalidPackageException e) {
      problems.add(new Problem(file + ": " + e.getMessage(), false));
      return;
    } catch (OrtException e) {
      problems.add(
          new Problem(file + ": not a loadable ONNX model: " + firstLine(e.getMessage()), false));
      return;
    }
    if (config == null) {
      return; // the config problem is reported; the graph cannot be checked without it
    }
    for (String problem : GraphContract.problems(role, config, io.inputs(), io.outputs())) {
      problems.add(new Problem(file + ": " + role + " graph: " + problem, false));
    }
  }

  private interface Parse<T> {
    T run() throws InvalidPackageException;
  }

  /** The parsed value, or null when the file is damaged or its parse failed (then reported). */
  private static <T> T check(
      List<Problem> problems, Set<String> damaged, String file, Parse<T> parse) {
    if (damaged.contains(file)) {
      return null;
    }
    try {
      return parse.run();
    } catch (InvalidPackageException e) {
      addLines(problems, e.getMessage());
      return null;
    }
  }

  private static void addLines(List<Problem> problems, String message) {
    for (String line : message.split("\n")) {
      problems.add(new Problem(line, false));
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
