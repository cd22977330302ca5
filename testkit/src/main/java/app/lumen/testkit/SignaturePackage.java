package app.lumen.testkit;

import app.lumen.pkg.ModelFamily;
import app.lumen.pkg.PackageManifest;
import app.lumen.testkit.internal.AddedTokens;
import app.lumen.testkit.internal.ByteLevelBpeTokenizer;
import app.lumen.testkit.internal.HfConfigFiles;
import app.lumen.testkit.internal.PackageWriter;
import app.lumen.testkit.internal.SignatureGraphs;
import app.lumen.testkit.internal.TextArchitecture;
import app.lumen.testkit.onnx.DataType;
import app.lumen.testkit.onnx.OnnxModel;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A small Qwen3-VL package for loader and validator tests, in the real layout: {@code
 * lumen-package.json} with every file's size and SHA-256, the Hugging Face config files and the
 * tokenizer exactly as {@link TinyPackageGenerator} writes them (no {@code chat_template.jinja}),
 * and embedding, decoder and vision graphs that declare the transformers.js signatures but hold
 * zero weights. A test breaks one thing and checks that exactly that is reported: the {@link
 * Builder} makes the decoder declare something else or puts a chat template into {@code
 * tokenizer_config.json}; after editing files on disk, {@link #rewriteManifest} makes sizes and
 * hashes agree again, so only the planted problem remains.
 *
 * <p>Threading: a {@link Builder} is not thread-safe; a written {@code SignaturePackage} is
 * immutable. Errors: I/O failures surface as {@link java.io.IOException}.
 */
public final class SignaturePackage {
  public static final String EMBED_GRAPH = TinyPackageGenerator.EMBED_GRAPH;
  public static final String DECODER_GRAPH = TinyPackageGenerator.DECODER_GRAPH;
  public static final String VISION_GRAPH = TinyPackageGenerator.VISION_GRAPH;

  private static final int HIDDEN = 16;
  private static final int LAYERS = 2;
  private static final int HEADS = 2;
  private static final int KV_HEADS = 1;
  private static final int HEAD_DIM = 8;

  /** Embedding rows: room for every id of the tiny tokenizer ({@link Builder#writeTo} checks). */
  private static final int VOCAB = 512;

  private static final TextArchitecture ARCH =
      new TextArchitecture(
          ModelFamily.QWEN3_VL,
          HIDDEN,
          LAYERS,
          HEADS,
          KV_HEADS,
          HEAD_DIM,
          2 * HIDDEN,
          VOCAB,
          1e-6,
          100.0,
          new int[] {2, 1, 1}, // Qwen3-VL's T,H,W split of head_dim / 2 = 4 frequency slots
          true,
          true,
          false,
          2,
          4096,
          true);

  private static final HfConfigFiles.VisionShape VISION = HfConfigFiles.VisionShape.tiny();

  private final Path dir;
  private final AddedTokens tokens;

  private SignaturePackage(Path dir, AddedTokens tokens) {
    this.dir = dir;
    this.tokens = tokens;
  }

  /** A builder whose decoder declares what {@code config.json} says. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Rewrites the manifest of the package in {@code dir} (any package, not only these) so that it
   * lists every file now in the folder with its current size and SHA-256; its other fields stay.
   */
  public static void rewriteManifest(Path dir) throws IOException {
    PackageWriter.relist(dir);
  }

  public Path dir() {
    return dir;
  }

  /** {@code config.json}'s {@code hidden_size}. */
  public int hiddenSize() {
    return ARCH.hiddenSize();
  }

  /** {@code config.json}'s {@code num_hidden_layers}. */
  public int numLayers() {
    return ARCH.numLayers();
  }

  /** {@code config.json}'s {@code num_key_value_heads}. */
  public int numKvHeads() {
    return ARCH.numKvHeads();
  }

  /** {@code config.json}'s {@code head_dim}. */
  public int headDim() {
    return ARCH.headDim();
  }

  /** The id of an added token of {@code tokenizer.json}, such as {@code <|image_pad|>}. */
  public int tokenId(String addedToken) {
    return tokens.id(addedToken);
  }

  /** How many ids {@code tokenizer.json} has (they run from 0). */
  public int tokenCount() {
    return tokens.size();
  }

  /** A fresh copy of the {@code config.json} written, for tests that write a changed one. */
  public JsonObject config() {
    return HfConfigFiles.config(ARCH, VISION, tokens);
  }

  /** Sets what the decoder graph declares, and the chat template. Not thread-safe. */
  public static final class Builder {
    private String embedsInput = "inputs_embeds";
    private int layers = LAYERS;
    private int kvHeads = KV_HEADS;
    private DataType kvType = DataType.FLOAT;
    private boolean deepstack;
    private String chatTemplate;

    private Builder() {}

    /** The name of the decoder's embeddings input ({@code inputs_embeds} by default). */
    public Builder embedsInput(String name) {
      this.embedsInput = name;
      return this;
    }

    /** How many layers of past/present states the decoder declares (config: 2). */
    public Builder decoderLayers(int layers) {
      this.layers = layers;
      return this;
    }

    /** The head count of the decoder's past/present states (config: 1). */
    public Builder decoderKvHeads(int kvHeads) {
      this.kvHeads = kvHeads;
      return this;
    }

    /** The element type of the decoder's past/present states (float by default). */
    public Builder kvType(DataType kvType) {
      this.kvType = kvType;
      return this;
    }

    /** Whether the decoder takes Qwen3-VL's {@code deepstack_embeds} (not by default). */
    public Builder deepstackInput(boolean deepstack) {
      this.deepstack = deepstack;
      return this;
    }

    /**
     * A chat template for {@code tokenizer_config.json}'s {@code chat_template}; none by default.
     */
    public Builder tokenizerChatTemplate(String chatTemplate) {
      this.chatTemplate = chatTemplate;
      return this;
    }

    /** Writes the package into {@code dir} (created if missing). */
    public SignaturePackage writeTo(Path dir) throws IOException {
      ByteLevelBpeTokenizer tokenizer = TinyPackageGenerator.tokenizer();
      AddedTokens tokens = tokenizer.added();
      if (tokens.size() > VOCAB) {
        throw new IllegalStateException(
            "tokenizer has " + tokens.size() + " ids, more than the " + VOCAB + " embedding rows");
      }
      PackageWriter writer = new PackageWriter(dir);
      writer.graph(EMBED_GRAPH, new OnnxModel(SignatureGraphs.embed(VOCAB, HIDDEN)));
      SignatureGraphs.DecoderSignature decoder =
          new SignatureGraphs.DecoderSignature(
              embedsInput, layers, kvHeads, HEAD_DIM, kvType, deepstack);
      writer.graph(DECODER_GRAPH, new OnnxModel(SignatureGraphs.decoder(decoder, VOCAB, HIDDEN)));
      writer.graph(VISION_GRAPH, new OnnxModel(SignatureGraphs.vision(HIDDEN)));
      writer.json("tokenizer.json", tokenizer.toJson());
      writer.hfConfigFiles(ARCH, VISION, tokens);
      if (chatTemplate != null) {
        JsonObject tokenizerConfig =
            HfConfigFiles.tokenizerConfig(tokens, ARCH.maxPositionEmbeddings());
        tokenizerConfig.addProperty("chat_template", chatTemplate);
        writer.json("tokenizer_config.json", tokenizerConfig);
      }
      writer.finish(
          PackageManifest.builder("signature-qwen3-vl", ModelFamily.QWEN3_VL.id())
              .displayName("Qwen3-VL graph signatures (zero weights)")
              .graph(PackageManifest.ROLE_EMBED, EMBED_GRAPH)
              .graph(PackageManifest.ROLE_DECODER, DECODER_GRAPH)
              .graph(PackageManifest.ROLE_VISION, VISION_GRAPH));
      return new SignaturePackage(dir, tokens);
    }
  }
}
