package app.lumen.inference.model;

import ai.onnxruntime.OrtException;
import app.lumen.inference.model.internal.OrtGraphInspector;
import app.lumen.inference.text.ChatTemplate;
import app.lumen.inference.text.Tokenizer;
import app.lumen.pkg.IntegrityException;
import app.lumen.pkg.InvalidPackageException;
import app.lumen.pkg.ModelFamily;
import app.lumen.pkg.OnnxGraphInputs;
import app.lumen.pkg.OnnxSignature;
import app.lumen.pkg.PackageManifest;
import app.lumen.pkg.PackagePaths;
import app.lumen.pkg.PackageProblem;
import app.lumen.pkg.PackageVerifier;
import app.lumen.vision.ImageProcessorConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The package checks, one set for {@code lumen validate} and for every load ({@link
 * ModelPackage#open}): the manifest, every file's size, the JSON configs with each field's type and
 * range, the files' agreement with each other, the tokenizer, the chat template, and each graph's
 * inputs and outputs against {@link GraphContract} and {@code config.json}. It reports every
 * problem it can find rather than stopping at the first, but does not pile consequences onto a
 * cause: a file with the wrong size or hash is not parsed further.
 *
 * <p>What a load leaves out, and why: the hashes of the graphs and their external data (gigabytes,
 * seconds on every start; the installer verified them, and {@code validate} checks them on demand)
 * and opening each graph in ONNX Runtime to see that it loads (that loads the weights; the engine
 * opens the decoder and embedding graphs right after, and the vision graph on the first picture).
 * Graph signatures are read from the protobuf, without the weights, by both. The small files a load
 * parses are hashed on every load, so an edit behind the manifest's back is found by both.
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

  /** How much a check reads. */
  enum Depth {
    /** Every hash, and each graph's signature through ONNX Runtime: {@code lumen validate}. */
    FULL,
    /** What every load affords: sizes, and hashes of the files the loader parses. */
    LOAD
  }

  /** The files a load parses whole, small enough to hash on every load. */
  static final Set<String> PARSED_FILES =
      Set.of(
          ModelConfig.FILE_NAME,
          GenerationConfig.FILE_NAME,
          ImageProcessorConfig.FILE_NAME,
          TokenizerConfig.FILE_NAME,
          "tokenizer.json",
          ModelPackage.CHAT_TEMPLATE_JINJA,
          ModelPackage.CHAT_TEMPLATE_JSON);

  /** A check's problems and what it read on the way (null where a file was broken or absent). */
  record Checked(
      List<Problem> problems,
      List<InvalidPackageException> thrown,
      ModelFamily family,
      ModelConfig config,
      GenerationConfig generation,
      ImageProcessorConfig processor,
      TokenizerConfig tokenizerConfig,
      Tokenizer tokenizer,
      ChatTemplate chatTemplate) {

    /**
     * Nothing, or the problems as the loader throws them: one line each. A single failed read is
     * thrown as it was, keeping its type ({@link app.lumen.pkg.UnlistedFileException}, say).
     */
    void requireValid() throws InvalidPackageException, IntegrityException {
      if (problems.isEmpty()) {
        return;
      }
      if (thrown.size() == 1 && problems.size() == thrown.get(0).getMessage().split("\n").length) {
        throw thrown.get(0);
      }
      List<String> lines = new ArrayList<>();
      boolean malformed = false;
      for (Problem problem : problems) {
        lines.add(problem.message());
        malformed |= !problem.integrity();
      }
      String message = String.join("\n", lines);
      if (malformed) {
        throw new InvalidPackageException(message);
      }
      throw new IntegrityException(message);
    }
  }

  private PackageValidator() {}

  /** Every problem of the package in {@code dir}; empty when it is valid. */
  public static List<Problem> validate(Path dir) {
    PackageManifest manifest;
    try {
      manifest = PackageManifest.read(dir);
    } catch (InvalidPackageException e) {
      List<Problem> problems = new ArrayList<>();
      addLines(problems, e.getMessage());
      return problems;
    }
    return check(dir, manifest, Depth.FULL).problems();
  }

  /**
   * Every problem of a graph playing {@code role} in file {@code file} whose inputs and outputs are
   * {@code io}, one line each, as {@code validate} and the loader word them.
   */
  public static List<String> graphProblems(
      String role,
      String file,
      ModelConfig config,
      Map<String, TensorSpec> inputs,
      Map<String, TensorSpec> outputs) {
    List<String> lines = new ArrayList<>();
    for (String problem : GraphContract.problems(role, config, inputs, outputs)) {
      lines.add(file + ": " + role + " graph: " + problem);
    }
    return lines;
  }

  static Checked check(Path dir, PackageManifest manifest, Depth depth) {
    List<Problem> problems = new ArrayList<>();
    List<InvalidPackageException> thrown = new ArrayList<>();
    Set<String> damaged = new HashSet<>();
    for (PackageProblem problem :
        PackageVerifier.verify(
            dir, manifest, path -> depth == Depth.FULL || PARSED_FILES.contains(path))) {
      problems.add(new Problem(problem.message(), problem.isIntegrity()));
      damaged.add(problem.file());
    }
    ModelFamily family = null;
    try {
      family = ModelFamily.of(manifest);
      ModelPackage.checkGraphs(family, manifest);
    } catch (InvalidPackageException e) {
      addLines(problems, e.getMessage());
      thrown.add(e);
    }
    ModelFamily declared = family;
    ModelConfig config =
        check(
            problems,
            thrown,
            damaged,
            ModelConfig.FILE_NAME,
            () -> {
              ModelConfig parsed =
                  ModelConfig.parse(ModelPackage.json(dir, manifest, ModelConfig.FILE_NAME));
              if (declared != null) {
                ModelPackage.checkFamily(declared, parsed);
              }
              return parsed;
            });
    GenerationConfig generation =
        check(
            problems,
            thrown,
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
              thrown,
              damaged,
              ImageProcessorConfig.FILE_NAME,
              () -> ModelPackage.preprocessorConfig(dir, manifest));
    }
    TokenizerConfig tokenizerConfig =
        check(
            problems,
            thrown,
            damaged,
            TokenizerConfig.FILE_NAME,
            () ->
                TokenizerConfig.parse(ModelPackage.json(dir, manifest, TokenizerConfig.FILE_NAME)));
    Tokenizer tokenizer =
        check(
            problems,
            thrown,
            damaged,
            "tokenizer.json",
            () -> ModelPackage.tokenizer(dir, manifest));
    ChatTemplate chatTemplate = null;
    if (tokenizerConfig != null) {
      // Refused as a conversation would find it: unlisted, unparsable, failing on a message.
      chatTemplate =
          check(
              problems,
              thrown,
              damaged,
              ModelPackage.CHAT_TEMPLATE_JINJA,
              () ->
                  ModelPackage.chatTemplate(
                      dir, manifest, tokenizerConfig, declared, tokenizer, generation));
    }
    for (String disagreement :
        PackageConsistency.problems(config, generation, processor, tokenizer)) {
      problems.add(new Problem(disagreement, false));
    }
    for (Map.Entry<String, String> graph : manifest.graphs().entrySet()) {
      String file = graph.getValue();
      if (damaged.contains(file)) {
        continue;
      }
      // A file that is not ONNX protobuf is one line, the same for both depths.
      OnnxSignature.Signature signature = signature(problems, dir, file);
      if (signature == null || depth == Depth.FULL && !loadable(problems, dir, file)) {
        continue;
      }
      if (config != null) { // else the config problem is reported and the graph cannot be checked
        for (String problem :
            graphProblems(
                graph.getKey(),
                file,
                config,
                specs(signature.inputs()),
                specs(signature.outputs()))) {
          problems.add(new Problem(problem, false));
        }
      }
    }
    return new Checked(
        problems,
        thrown,
        family,
        config,
        generation,
        processor,
        tokenizerConfig,
        tokenizer,
        chatTemplate);
  }

  /** Whether ONNX Runtime opens {@code file}; reported when it does not. */
  private static boolean loadable(List<Problem> problems, Path dir, String file) {
    try {
      OrtGraphInspector.inspect(PackagePaths.resolve(dir, file));
      return true;
    } catch (InvalidPackageException e) {
      problems.add(new Problem(file + ": " + e.getMessage(), false));
    } catch (OrtException e) {
      problems.add(new Problem(UnloadableGraph.message(file, e.getMessage()), false));
    }
    return false;
  }

  /**
   * The graph's declared inputs and outputs, read from its protobuf without loading its weights (so
   * every load affords it, the vision graph's included); null when reported as unreadable.
   */
  private static OnnxSignature.Signature signature(List<Problem> problems, Path dir, String file) {
    try {
      return OnnxSignature.read(PackagePaths.resolve(dir, file));
    } catch (InvalidPackageException e) {
      problems.add(new Problem(file + ": " + e.getMessage(), false));
    } catch (IOException | IllegalArgumentException e) {
      problems.add(new Problem(file + ": not a loadable ONNX model: malformed protobuf", false));
    }
    return null;
  }

  private static Map<String, TensorSpec> specs(Map<String, OnnxSignature.Tensor> tensors) {
    Map<String, TensorSpec> specs = new LinkedHashMap<>();
    for (OnnxSignature.Tensor tensor : tensors.values()) {
      specs.put(
          tensor.name(), new TensorSpec(tensor.name(), type(tensor.elementType()), tensor.shape()));
    }
    return specs;
  }

  private static final int ONNX_INT32 = 6;
  private static final int ONNX_INT64 = 7;

  /** The element type of a {@code TensorProto.DataType}. */
  private static TensorSpec.ElementType type(int onnxType) {
    return switch (onnxType) {
      case OnnxGraphInputs.FLOAT -> TensorSpec.ElementType.FLOAT;
      case OnnxGraphInputs.FLOAT16 -> TensorSpec.ElementType.FLOAT16;
      case ONNX_INT64 -> TensorSpec.ElementType.INT64;
      case ONNX_INT32 -> TensorSpec.ElementType.INT32;
      default -> TensorSpec.ElementType.OTHER;
    };
  }

  private interface Parse<T> {
    T run() throws InvalidPackageException;
  }

  /** The parsed value, or null when the file is damaged or its parse failed (then reported). */
  private static <T> T check(
      List<Problem> problems,
      List<InvalidPackageException> thrown,
      Set<String> damaged,
      String file,
      Parse<T> parse) {
    if (damaged.contains(file)) {
      return null;
    }
    try {
      return parse.run();
    } catch (InvalidPackageException e) {
      addLines(problems, e.getMessage());
      thrown.add(e);
      return null;
    }
  }

  private static void addLines(List<Problem> problems, String message) {
    for (String line : message.split("\n")) {
      problems.add(new Problem(line, false));
    }
  }
}
