package app.lumen.inference.internal;

import app.lumen.inference.EngineOptions;
import app.lumen.inference.EngineSupport;
import app.lumen.inference.MemoryForecast;
import app.lumen.inference.ModelLoadException;
import app.lumen.inference.model.ModelConfig;
import app.lumen.inference.model.internal.JsonFile;
import app.lumen.pkg.ModelFamily;
import app.lumen.pkg.OnnxExternalData;
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
import java.util.Optional;

/**
 * Computes a {@link MemoryForecast} from an installed package's files, without creating a session:
 * the manifest, file sizes (checked against the manifest, not hashed), {@code config.json}, {@code
 * preprocessor_config.json} and the graphs' protobuf structure (for their external data files,
 * walked without reading weights). Stateless.
 */
public final class MemoryForecaster {
  /**
   * Cache element size. The dtype of {@code past_key_values} is declared in the decoder graph,
   * which this forecast does not open; float32 is what the published q4/q8 exports and the test kit
   * use, and the larger of the two types exports use, so a float16 cache is over-estimated (twice
   * its size), never under-estimated.
   */
  static final int ASSUMED_CACHE_ELEMENT_BYTES = Float.BYTES;

  /**
   * Logits rows of a prefill run. Whether the decoder takes {@code logits_to_keep} (one row) is
   * declared in the graph too; without it every row of a chunk is computed, the larger figure.
   */
  static final int ASSUMED_LOGITS_ROWS = Generator.PREFILL_CHUNK;

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
      long perToken = cacheBytesPerToken(config);
      long fixed = ContextSizing.fixedBytes(0, ASSUMED_LOGITS_ROWS, config.vocabSize());
      ContextSizing.Choice context =
          ContextSizing.choose(options, perToken, fixed, config.maxPositionEmbeddings());
      long visionWeights = 0;
      long visionEncode = 0;
      int imageTokens = 0;
      if (manifest.graph(PackageManifest.ROLE_VISION).isPresent()) {
        visionWeights = graphBytes(packageDir, manifest, PackageManifest.ROLE_VISION);
        ImageProcessorConfig processor =
            ImageProcessorConfig.read(
                manifest.listedFile(packageDir, ImageProcessorConfig.FILE_NAME));
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
  static long cacheBytesPerToken(ModelConfig config) {
    return (long) config.fullAttentionLayers().size()
        * config.numKeyValueHeads()
        * config.headDim()
        * 2
        * ASSUMED_CACHE_ELEMENT_BYTES;
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
    Optional<String> relative = manifest.graph(role);
    if (!relative.isPresent()) {
      return 0;
    }
    Path graph = PackagePaths.resolve(packageDir, relative.get());
    long bytes = Files.size(graph);
    for (String location : OnnxExternalData.locations(graph)) {
      bytes += Files.size(PackagePaths.resolve(graph.getParent(), location));
    }
    return bytes;
  }
}
