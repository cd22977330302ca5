package app.lumen.testkit;

import app.lumen.pkg.ModelFamily;
import app.lumen.pkg.PackageManifest;
import app.lumen.testkit.internal.AddedTokens;
import app.lumen.testkit.internal.ByteLevelBpeTokenizer;
import app.lumen.testkit.internal.DecoderGraphBuilder;
import app.lumen.testkit.internal.EmbedGraphBuilder;
import app.lumen.testkit.internal.ExternalDataWriter;
import app.lumen.testkit.internal.HfConfigFiles;
import app.lumen.testkit.internal.PackageWriter;
import app.lumen.testkit.internal.SyntheticWeightEmitter;
import app.lumen.testkit.internal.TextArchitecture;
import app.lumen.testkit.onnx.OnnxGraph;
import app.lumen.testkit.onnx.OnnxModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    PackageWriter writer = new PackageWriter(dir);
    AddedTokens tokens;
    if (tokenizerJson != null) {
      tokens = AddedTokens.read(tokenizerJson);
      writer.copy("tokenizer.json", tokenizerJson);
    } else {
      ByteLevelBpeTokenizer generated = TinyPackageGenerator.tokenizer();
      tokens = generated.added();
      writer.json("tokenizer.json", generated.toJson());
    }
    if (tokens.size() > arch.vocabSize()) {
      throw new IllegalArgumentException(
          "tokenizer has " + tokens.size() + " ids, more than the vocabulary " + arch.vocabSize());
    }
    listener.fileWritten("tokenizer.json", Files.size(dir.resolve("tokenizer.json")));

    String embedName = "embed_tokens" + (quantization == Quantization.FP32 ? "" : "_fp16");
    String decoderName = "decoder_model_merged" + quantization.fileSuffix();
    // Different seeds for the two graphs: the decoder's random head is not the embedding.
    writeGraph(
        writer, embedName, seed, quantization, listener, w -> EmbedGraphBuilder.build(arch, w));
    writeGraph(
        writer,
        decoderName,
        seed ^ 0x5DEECE66DL,
        quantization,
        listener,
        w -> DecoderGraphBuilder.build(arch, w));

    writer.hfConfigFiles(arch, vision, tokens);
    writer.text(
        TinyPackageGenerator.CHAT_TEMPLATE, TinyPackageGenerator.chatTemplate(arch.family()));
    PackageManifest manifest =
        writer.finish(
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
                // Weights once, plus room for the runtime's arena, the KV cache and the JVM.
                .minRamMb(writer.bytesUnder("onnx/") / (1 << 20) + 1024)
                .license("apache-2.0"));
    return new Result(dir, manifest);
  }

  private static void writeGraph(
      PackageWriter writer,
      String name,
      long seed,
      Quantization quantization,
      Listener listener,
      Function<SyntheticWeightEmitter, OnnxGraph> build)
      throws IOException {
    String dataName = name + ".onnx_data";
    OnnxGraph graph;
    try (ExternalDataWriter data =
        new ExternalDataWriter(writer.dir().resolve("onnx").resolve(dataName), dataName)) {
      graph = build.apply(new SyntheticWeightEmitter(quantization, data, seed));
    }
    writer.written("onnx/" + dataName);
    writer.graph(
        "onnx/" + name + ".onnx",
        new OnnxModel(graph)
            .opset(OnnxModel.MICROSOFT_DOMAIN, 1)
            .metadata("lumen.generator", "lumen testkit synthetic")
            .metadata(
                "lumen.weight_layout",
                quantization == Quantization.FP32 || quantization == Quantization.FP16
                    ? "projection weights stored [in, out] for MatMul"
                    : "projection weights as MatMulNBits blocks [out, in/32, 32·bits/8]"));
    for (String file : List.of("onnx/" + dataName, "onnx/" + name + ".onnx")) {
      listener.fileWritten(file, Files.size(writer.dir().resolve(file)));
    }
  }
}
