package app.lumen.inference.internal;

import app.lumen.inference.EngineOptions;
import app.lumen.inference.EngineSupport;
import app.lumen.inference.MemoryForecast;
import app.lumen.inference.ModelLoadException;
import app.lumen.inference.model.DecoderIo;
import app.lumen.inference.model.ModelConfig;
import app.lumen.inference.model.ModelPackage;
import app.lumen.inference.model.internal.JsonFile;
import app.lumen.pkg.InvalidPackageException;
import app.lumen.pkg.ModelFamily;
import app.lumen.pkg.OnnxExternalData;
import app.lumen.pkg.OnnxGraphInputs;
import app.lumen.pkg.PackageException;
import app.lumen.pkg.PackageManifest;
import app.lumen.pkg.PackagePaths;
import app.lumen.pkg.PackageVerifier;
import app.lumen.vision.ImageProcessorConfig;
import app.lumen.vision.TokenBudget;
import app.lumen.vision.VisionCostModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Computes a {@link MemoryForecast} from an installed package's files, without creating a session:
 * the manifest, file sizes (checked against the manifest, not hashed), {@code config.json}, {@code
 * preprocessor_config.json} and the graphs' protobuf structure (their external data files, the
 * decoder's cache element type and whether it takes {@code logits_to_keep}; walked without reading
 * weights). Stateless.
 */
public final class MemoryForecaster {
  /**
   * Cache element size when the decoder graph does not state the type of its {@code
   * past_key_values}: float32, the larger of the types exports use, so such a cache is
   * over-estimated rather than under-estimated.
   */
  static final int FALLBACK_CACHE_ELEMENT_BYTES = Float.BYTES;

  /**
   * The vision tower's cost is that of {@link VisionCostModel#QWEN3_VL_2B_PHONE}, the model the
   * image planner states its estimates with, so the forecast and a photo's plan agree.
   */
  static final VisionCostModel VISION_COST = VisionCostModel.QWEN3_VL_2B_PHONE;

  private MemoryForecaster() {}

  /**
   * @throws app.lumen.inference.UnsupportedFamilyException when the engine does not run the
   *     package's family
   * @throws ModelLoadException when the package is missing, malformed or a file has the wrong size
   */
  public static MemoryForecast forecast(
      Path packageDir, EngineOptions options, TokenBudget imageBudget) {
    try {
      PackageManifest manifest = PackageManifest.read(packageDir);
      EngineSupport.requireRunnable(ModelFamily.of(manifest));
      PackageVerifier.requireValid(packageDir, manifest, PackageVerifier.Mode.SIZES);
      ModelConfig config =
          ModelConfig.parse(
              JsonFile.read(
                  manifest.listedFile(packageDir, ModelConfig.FILE_NAME), ModelConfig.FILE_NAME));
      long weights =
          graphBytes(packageDir, manifest, PackageManifest.ROLE_DECODER)
              + graphBytes(packageDir, manifest, PackageManifest.ROLE_EMBED);
      Map<String, Integer> decoderInputs =
          OnnxGraphInputs.elementTypes(graph(packageDir, manifest, PackageManifest.ROLE_DECODER));
      long perToken = cacheBytesPerToken(config, cacheElementBytes(decoderInputs));
      boolean logitsToKeep = decoderInputs.keySet().stream().anyMatch(DecoderIo::isLogitsToKeep);
      long fixed =
          ContextSizing.fixedBytes(0, ContextSizing.logitsRows(logitsToKeep), config.vocabSize());
      ContextSizing.Choice context =
          ContextSizing.choose(options, perToken, fixed, config.maxPositionEmbeddings());
      long visionWeights = 0;
      long visionEncode = 0;
      int imageTokens = 0;
      if (manifest.graph(PackageManifest.ROLE_VISION).isPresent()) {
        visionWeights = graphBytes(packageDir, manifest, PackageManifest.ROLE_VISION);
        ImageProcessorConfig processor = ModelPackage.preprocessorConfig(packageDir, manifest);
        imageTokens = imageTokens(processor, imageBudget);
        long patches = (long) imageTokens * processor.mergeSize() * processor.mergeSize();
        visionEncode = VISION_COST.peakBytes(patches, processor.patchValues());
      }
      return new MemoryForecast(
          manifest.id(),
          manifest.displayName(),
          weights,
          visionWeights,
          visionEncode,
          imageTokens,
          perToken,
          context.tokens(),
          fixed);
    } catch (PackageException e) {
      throw new ModelLoadException(e.getMessage(), e);
    } catch (IOException | IllegalArgumentException e) {
      throw new ModelLoadException(packageDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Cache bytes one token adds: for each layer with an attention cache, a key and a value of kv
   * heads × head dim elements. Qwen3.5's linear-attention layers keep fixed-size states instead.
   */
  static long cacheBytesPerToken(ModelConfig config, int elementBytes) {
    return (long) config.fullAttentionLayers().size()
        * config.numKeyValueHeads()
        * config.headDim()
        * 2
        * elementBytes;
  }

  /**
   * The element size of the decoder's first {@code past_key_values} input, as the graph declares.
   */
  static int cacheElementBytes(Map<String, Integer> decoderInputs) {
    for (Map.Entry<String, Integer> input : decoderInputs.entrySet()) {
      if (DecoderIo.pastKeyValueLayer(input.getKey()) >= 0) {
        int bytes = OnnxGraphInputs.elementBytes(input.getValue());
        return bytes > 0 ? bytes : FALLBACK_CACHE_ELEMENT_BYTES;
      }
    }
    return FALLBACK_CACHE_ELEMENT_BYTES;
  }

  /**
   * The most tokens a photo can become within {@code budget} and the package's largest area: the
   * encoder's worst case at that budget (a picture with fewer tokens costs less).
   */
  static int imageTokens(ImageProcessorConfig processor, TokenBudget budget) {
    long factor = processor.factor();
    return (int) Math.min(budget.tokens(), processor.maxPixels() / (factor * factor));
  }

  /**
   * Bytes of the graph playing {@code role} and of the external data files it names (which ONNX
   * Runtime reads alongside it); 0 when the package has no such graph.
   */
  private static long graphBytes(Path packageDir, PackageManifest manifest, String role)
      throws PackageException, IOException {
    if (!manifest.graph(role).isPresent()) {
      return 0;
    }
    Path graph = graph(packageDir, manifest, role);
    long bytes = Files.size(graph);
    for (String location : OnnxExternalData.locations(graph)) {
      bytes += Files.size(PackagePaths.resolve(graph.getParent(), location));
    }
    return bytes;
  }

  /** The file of the graph playing {@code role}, which the caller knows the manifest names. */
  private static Path graph(Path packageDir, PackageManifest manifest, String role)
      throws PackageException {
    String relative =
        manifest
            .graph(role)
            .orElseThrow(
                () ->
                    new InvalidPackageException(
                        PackageManifest.FILE_NAME + ": graphs." + role + ": missing"));
    return PackagePaths.resolve(packageDir, relative);
  }
}
