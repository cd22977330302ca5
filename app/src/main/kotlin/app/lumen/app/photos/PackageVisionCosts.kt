package app.lumen.app.photos

import app.lumen.vision.ImagePreprocessor
import app.lumen.vision.ImageProcessorConfig
import app.lumen.vision.VisionCostModel
import com.google.gson.JsonObject
import com.google.gson.JsonParser
import java.io.File
import java.io.IOException

/**
 * The image planner of a model package, read from its files without loading it: the processor from
 * its `preprocessor_config.json` and the cost of its vision tower from `config.json`'s
 * `vision_config`. Whatever is missing or unreadable falls back to Qwen3-VL 2B, the model the
 * estimates were measured with: a preview is a guide, never a reason to fail. Blocking (reads two
 * small files); call off the main thread.
 */
object PackageVisionCosts {
  private const val MODEL_CONFIG = "config.json"

  /** The planner for the package in [packageDir]; Qwen3-VL 2B's for null (no package). */
  fun preprocessor(packageDir: File?): ImagePreprocessor =
    ImagePreprocessor(processorConfig(packageDir), costModel(packageDir))

  fun processorConfig(packageDir: File?): ImageProcessorConfig {
    val file = packageDir?.resolve(ImageProcessorConfig.FILE_NAME)
    if (file == null || !file.isFile) return ImageProcessorConfig.QWEN3_VL
    return try {
      ImageProcessorConfig.read(file.toPath())
    } catch (e: IOException) {
      ImageProcessorConfig.QWEN3_VL
    }
  }

  fun costModel(packageDir: File?): VisionCostModel {
    val file = packageDir?.resolve(MODEL_CONFIG)
    if (file == null || !file.isFile) return VisionCostModel.QWEN3_VL_2B_PHONE
    return try {
      val root = JsonParser.parseString(file.readText()).asJsonObject
      root.getAsJsonObject("vision_config")?.let(::fromVisionConfig)
        ?: VisionCostModel.QWEN3_VL_2B_PHONE
    } catch (e: IOException) {
      VisionCostModel.QWEN3_VL_2B_PHONE
    } catch (e: RuntimeException) {
      // Malformed JSON or a field of the wrong type: Gson's unchecked exceptions.
      VisionCostModel.QWEN3_VL_2B_PHONE
    }
  }

  /**
   * The tower's weights counted from its shape: per block the attention's four hidden² matrices and
   * the MLP's two hidden × intermediate ones, then the patch merger (and Qwen3-VL's deepstack
   * mergers, one per listed layer), which maps merge² patches to the decoder's width. Null when a
   * field it needs is missing. Qwen2-VL names the width `embed_dim` and the MLP `mlp_ratio`.
   */
  internal fun fromVisionConfig(v: JsonObject): VisionCostModel? {
    fun int(name: String): Int? = v.get(name)?.takeIf { it.isJsonPrimitive }?.asInt
    val depth = int("depth") ?: return null
    val hidden = int("embed_dim") ?: int("hidden_size") ?: return null
    val heads = int("num_heads") ?: return null
    val intermediate =
      int("intermediate_size")
        ?: v.get("mlp_ratio")
          ?.takeIf { it.isJsonPrimitive }
          ?.asDouble
          ?.let { (it * hidden).toInt() }
        ?: return null
    if (depth <= 0 || hidden <= 0 || heads <= 0 || intermediate <= 0) return null
    val merge = int("spatial_merge_size") ?: 2
    val merged = hidden.toLong() * merge * merge
    val out = (int("out_hidden_size") ?: int("hidden_size") ?: hidden).toLong()
    val deepstack = v.getAsJsonArray("deepstack_visual_indexes")?.size() ?: 0
    val blocks = depth * (4L * hidden * hidden + 2L * hidden * intermediate)
    val mergers = (1L + deepstack) * merged * (merged + out)
    return VisionCostModel(
      blocks + mergers,
      depth,
      hidden,
      heads,
      VisionCostModel.QWEN3_VL_2B_PHONE.gflopsPerSecond(),
    )
  }
}
