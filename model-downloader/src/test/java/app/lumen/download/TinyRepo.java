package app.lumen.download;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The small vision-language repository the install tests use: configs, a tokenizer, three graphs of
 * one variant with their external data, and files that are not part of the package.
 */
final class TinyRepo {
  static final String REPO = "onnx-community/Tiny-VL";
  static final String ID = "tiny-vl-q4";

  private TinyRepo() {}

  static FakeHub start() throws Exception {
    FakeHub hub = new FakeHub(REPO);
    hub.addText("config.json", "{\"model_type\": \"qwen2_vl\", \"hidden_size\": 8}");
    hub.addText("generation_config.json", "{\"eos_token_id\": [1, 2]}");
    hub.addText("preprocessor_config.json", "{\"patch_size\": 14}");
    hub.addText("tokenizer_config.json", "{}");
    hub.addText("README.md", "# not part of the package");
    hub.add("tokenizer.json", TestData.bytes(50_000, 1), true);
    hub.add("onnx/vision_encoder_quantized.onnx", TestData.bytes(30_000, 2), true);
    hub.add("onnx/embed_tokens_fp16.onnx", TestData.bytes(20_000, 3), true);
    hub.add("onnx/embed_tokens_fp16.onnx_data", TestData.bytes(100_000, 4), true);
    hub.add("onnx/decoder_model_merged_q4.onnx", TestData.bytes(10_000, 5), true);
    hub.add("onnx/decoder_model_merged_q4.onnx_data", TestData.bytes(150_000, 6), true);
    hub.add("onnx/decoder_model_merged_q4.onnx_data_1", TestData.bytes(80_000, 7), true);
    hub.add("onnx/decoder_model_merged.onnx", TestData.bytes(5_000, 8), true);
    return hub;
  }

  /**
   * Settings for tests on {@code hub}: no real sleeping, three files at a time, no free-space
   * margin, and a read timeout long enough never to fire on a busy machine (stalls in these tests
   * are ended by the test itself).
   */
  static DownloaderConfig.Builder config(FakeHub hub) {
    return DownloaderConfig.builder()
        .hubBaseUrl(hub.baseUrl())
        .sleeper(new RecordingSleeper())
        .random(new Random(3))
        .backoff(100, 1_000, TimeUnit.MILLISECONDS)
        .readTimeout(1, TimeUnit.MINUTES)
        .progressInterval(0, TimeUnit.MILLISECONDS)
        .freeSpaceMarginBytes(0)
        .parallelFiles(3)
        .maxAttempts(4);
  }

  /** The vision package of the repository, with an optional chat template. */
  static CatalogEntry entry(String id) {
    return new CatalogEntry(
        id,
        "Tiny VL (q4)",
        "qwen2_vl",
        "vision q8, embed fp16, decoder q4",
        CatalogSource.huggingFace(REPO, "main"),
        Map.of(
            "vision", "onnx/vision_encoder_quantized.onnx",
            "embed", "onnx/embed_tokens_fp16.onnx",
            "decoder", "onnx/decoder_model_merged_q4.onnx"),
        List.of(
            CatalogFile.required("config.json"),
            CatalogFile.required("generation_config.json"),
            CatalogFile.required("preprocessor_config.json"),
            CatalogFile.required("tokenizer.json"),
            CatalogFile.required("tokenizer_config.json"),
            new CatalogFile("chat_template.jinja", -1, null, true)),
        4096,
        "apache-2.0");
  }

  /** Only the text decoder and its config: 240,000 bytes of graph and data plus a small config. */
  static CatalogEntry decoderOnly(String id) {
    return new CatalogEntry(
        id,
        id,
        "qwen2_vl",
        null,
        CatalogSource.huggingFace(REPO, "main"),
        Map.of("decoder", "onnx/decoder_model_merged_q4.onnx"),
        List.of(CatalogFile.required("config.json")),
        0,
        null);
  }
}
