package app.lumen.testkit;

import app.lumen.pkg.FileDigests;
import app.lumen.pkg.InvalidPackageException;
import app.lumen.pkg.ModelFamily;
import app.lumen.pkg.PackageFile;
import app.lumen.pkg.PackageManifest;
import app.lumen.testkit.internal.AddedTokens;
import app.lumen.testkit.internal.ByteLevelBpeTokenizer;
import app.lumen.testkit.internal.DecoderGraphBuilder;
import app.lumen.testkit.internal.EmbedGraphBuilder;
import app.lumen.testkit.internal.ExternalDataWriter;
import app.lumen.testkit.internal.HfConfigFiles;
import app.lumen.testkit.internal.PackageFiles;
import app.lumen.testkit.internal.SyntheticWeightEmitter;
import app.lumen.testkit.internal.TextArchitecture;
import app.lumen.testkit.onnx.OnnxGraph;
import app.lumen.testkit.onnx.OnnxModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Writes a full-size package with random weights for benchmarks: Qwen3-VL-2B's or -4B's text
 * decoder dimensions, weights in external data files ({@code .onnx_data}, since protobuf files stop
 * at 2 GB), projections stored per {@link Quantization}. Same I/O contract as the tiny packages.
 *
 * <p>The numbers are meaningless (the text it generates is noise); sizes, memory traffic and
 * operator mix are real. Deterministic per seed. Stateless; I/O failures surface as {@link
 * IOException}. Progress goes to the {@link Listener}.
 */
public final class SyntheticPackageGenerator {
  private SyntheticPackageGenerator() {}

  /** Progress callbacks; called on the generating thread. */
  public interface Listener {
    Listener NONE = new Listener() {};

    /** A package file is complete. */
    default void fileWritten(String path, long bytes) {}
  }

  public record Result(Path dir, PackageManifest manifest) {}

  /**
   * @param size {@code 2b} or {@code 4b}
   * @param tokenizerJson a Hugging Face tokenizer.json to ship (e.g. the real Qwen one), or null
   *     for the generated small one (ids it cannot decode may then be sampled)
   */
  public static Result generate(
      Path dir,
      String size,
      Quantization quantization,
      ModelFamily family,
      long seed,
      Path tokenizerJson,
      Listener listener)
      throws IOException {
    return generate(
        dir,
        TextArchitecture.fullSize(family, size),
        HfConfigFiles.VisionShape.qwen3Vl2b4b(),
        quantization,
        seed,
        tokenizerJson,
        listener,
        "synthetic-" + family.id().replace('_', '-') + "-" + size + "-" + quantization.id());
  }

  /** Any architecture (tests use small ones). */
  static Result generate(
      Path dir,
      TextArchitecture arch,
      HfConfigFiles.VisionShape vision,
      Quantization quantization,
      long seed,
      Path tokenizerJson,
      Listener listener,
      String id)
      throws IOException {
    Files.createDirectories(dir.resolve("onnx"));
    List<String> paths = new ArrayList<>();
    AddedTokens tokens;
    if (tokenizerJson != null) {
      tokens = AddedTokens.read(tokenizerJson);
      Files.copy(tokenizerJson, dir.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
    } else {
      ByteLevelBpeTokenizer generated = TinyPackageGenerator.tokenizer();
      tokens = generated.added();
      PackageFiles.writeJson(dir.resolve("tokenizer.json"), generated.toJson());
    }
    if (tokens.size() > arch.vocabSize()) {
      throw new IllegalArgumentException(
          "tokenizer has " + tokens.size() + " ids, more than the vocabulary " + arch.vocabSize());
    }
    paths.add("tokenizer.json");
    listener.fileWritten("tokenizer.json", Files.size(dir.resolve("tokenizer.json")));

    String embedName = "embed_tokens" + (quantization == Quantization.FP32 ? "" : "_fp16");
    String decoderName = "decoder_model_merged" + quantization.fileSuffix();
    // Different seeds for the two graphs: the decoder's random head is not the embedding.
    writeGraph(
        dir, embedName, seed, quantization, paths, listener, w -> EmbedGraphBuilder.build(arch, w));
    writeGraph(
        dir,
        decoderName,
        seed ^ 0x5DEECE66DL,
        quantization,
        paths,
        listener,
        w -> DecoderGraphBuilder.build(arch, w));

    PackageFiles.writeJson(dir.resolve("config.json"), HfConfigFiles.config(arch, vision, tokens));
    PackageFiles.writeJson(
        dir.resolve("generation_config.json"),
        HfConfigFiles.generationConfig(arch.family(), tokens));
    PackageFiles.writeJson(
        dir.resolve("preprocessor_config.json"), HfConfigFiles.preprocessorConfig(arch.family()));
    PackageFiles.writeJson(
        dir.resolve("tokenizer_config.json"),
        HfConfigFiles.tokenizerConfig(tokens, arch.maxPositionEmbeddings()));
    PackageFiles.writeText(
        dir.resolve(TinyPackageGenerator.CHAT_TEMPLATE),
        TinyPackageGenerator.chatTemplate(arch.family()));
    paths.addAll(
        List.of(
            TinyPackageGenerator.CHAT_TEMPLATE,
            "config.json",
            "generation_config.json",
            "preprocessor_config.json",
            "tokenizer_config.json"));

    List<PackageFile> files = new ArrayList<>();
    long graphBytes = 0;
    for (String p : TinyPackageGenerator.sorted(paths)) {
      Path f = dir.resolve(p);
      long bytes = Files.size(f);
      files.add(PackageFile.withSha256(p, bytes, FileDigests.sha256(f)));
      if (p.startsWith("onnx/")) {
        graphBytes += bytes;
      }
    }
    PackageManifest manifest;
    try {
      manifest =
          PackageManifest.builder(id, arch.family().id())
              .displayName(
                  "Synthetic "
                      + arch.family().id()
                      + " "
                      + quantization.id()
                      + " (random weights, seed "
                      + seed
                      + ")")
              .graph(PackageManifest.ROLE_EMBED, "onnx/" + embedName + ".onnx")
              .graph(PackageManifest.ROLE_DECODER, "onnx/" + decoderName + ".onnx")
              .files(files)
              // Weights once, plus room for the runtime's arena, the KV cache and the JVM.
              .minRamMb(graphBytes / (1 << 20) + 1024)
              .license("apache-2.0")
              .build();
    } catch (InvalidPackageException e) {
      throw new IllegalStateException("generated manifest rejected: " + e.getMessage(), e);
    }
    manifest.writeTo(dir);
    return new Result(dir, manifest);
  }

  private static void writeGraph(
      Path dir,
      String name,
      long seed,
      Quantization quantization,
      List<String> paths,
      Listener listener,
      Function<SyntheticWeightEmitter, OnnxGraph> build)
      throws IOException {
    String dataName = name + ".onnx_data";
    OnnxGraph graph;
    try (ExternalDataWriter data =
        new ExternalDataWriter(dir.resolve("onnx").resolve(dataName), dataName)) {
      graph = build.apply(new SyntheticWeightEmitter(quantization, data, seed));
    }
    new OnnxModel(graph)
        .opset(OnnxModel.MICROSOFT_DOMAIN, 1)
        .metadata("lumen.generator", "lumen testkit synthetic")
        .metadata(
            "lumen.weight_layout",
            quantization == Quantization.FP32 || quantization == Quantization.FP16
                ? "projection weights stored [in, out] for MatMul"
                : "projection weights as MatMulNBits blocks [out, in/32, 32·bits/8]")
        .writeTo(dir.resolve("onnx").resolve(name + ".onnx"));
    for (String file : List.of("onnx/" + dataName, "onnx/" + name + ".onnx")) {
      paths.add(file);
      listener.fileWritten(file, Files.size(dir.resolve(file)));
    }
  }
}
