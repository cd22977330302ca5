package app.lumen.inference.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.text.ChatTemplate;
import app.lumen.inference.text.QwenTestResources;
import app.lumen.inference.text.RenderOptions;
import app.lumen.pkg.IntegrityException;
import app.lumen.pkg.InvalidPackageException;
import app.lumen.pkg.ModelFamily;
import app.lumen.testkit.SignaturePackage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ModelPackageTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void open_readsConfigsTokenizerAndChatTemplate() throws Exception {
    SignaturePackage written = SignaturePackage.builder().writeTo(tmp.newFolder("ok").toPath());
    ModelPackage pkg = ModelPackage.open(written.dir());

    assertEquals(ModelFamily.QWEN3_VL, pkg.family());
    ModelConfig config = pkg.config();
    assertEquals(written.hiddenSize(), config.hiddenSize());
    assertEquals(written.numLayers(), config.numHiddenLayers());
    assertEquals(written.numKvHeads(), config.numKeyValueHeads());
    assertEquals(written.headDim(), config.headDim());
    assertEquals(List.of(0, 1), config.fullAttentionLayers());
    assertEquals(1536, config.vision().patchValues());
    assertEquals(List.of(0, 1), config.vision().deepstackVisualIndexes());
    assertEquals(65536, pkg.preprocessorConfig().orElseThrow().minPixels());
    assertArrayEquals(
        new int[] {written.tokenId("<|im_end|>"), written.tokenId("<|endoftext|>")},
        pkg.generationConfig().eosTokenIds());
    assertEquals(0.7, pkg.generationConfig().temperature(), 0);
    assertTrue(pkg.supportsImages());
    // No chat template in the package: the Instruct layout.
    assertEquals(ChatTemplate.Style.INSTRUCT, pkg.chatTemplate().style());
    assertEquals(
        "<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n",
        pkg.chatTemplate().renderText(List.of(ChatMessage.user("hi")), RenderOptions.GENERATE));
    assertEquals(
        written.tokenId("<|im_start|>"),
        pkg.chatTemplate().render(List.of(ChatMessage.user("hi")), RenderOptions.GENERATE).id(0));
  }

  @Test
  public void everyFileTheLoaderReads_presentButUnlisted_isRefusedNamingIt() throws Exception {
    for (String name :
        List.of(
            "config.json",
            "generation_config.json",
            "preprocessor_config.json",
            "tokenizer.json",
            "tokenizer_config.json")) {
      Path dir = SignaturePackage.builder().writeTo(tmp.newFolder().toPath()).dir();
      unlist(dir, name);
      app.lumen.pkg.UnlistedFileException e =
          assertThrows(
              name, app.lumen.pkg.UnlistedFileException.class, () -> ModelPackage.open(dir));
      assertEquals(name, e.file());
      assertTrue(e.getMessage(), e.getMessage().startsWith(name + ": "));
    }
  }

  @Test
  public void unlistedChatTemplate_isRefused_notRendered() throws Exception {
    Path dir = SignaturePackage.builder().writeTo(tmp.newFolder().toPath()).dir();
    // Would switch the layout to the Thinking template if it were read.
    Files.writeString(
        dir.resolve(ModelPackage.CHAT_TEMPLATE_JINJA),
        QwenTestResources.text("chat_template_thinking.jinja"));
    app.lumen.pkg.UnlistedFileException e =
        assertThrows(app.lumen.pkg.UnlistedFileException.class, () -> ModelPackage.open(dir));
    assertEquals(ModelPackage.CHAT_TEMPLATE_JINJA, e.file());
  }

  /** Removes {@code name}'s entry from the manifest, leaving the file in place. */
  static void unlist(Path dir, String name) throws Exception {
    Path manifest = dir.resolve("lumen-package.json");
    com.google.gson.JsonObject json =
        com.google.gson.JsonParser.parseString(Files.readString(manifest)).getAsJsonObject();
    com.google.gson.JsonArray files = json.getAsJsonArray("files");
    for (int i = 0; i < files.size(); i++) {
      if (files.get(i).getAsJsonObject().get("path").getAsString().equals(name)) {
        files.remove(i);
        break;
      }
    }
    Files.writeString(manifest, json.toString());
  }

  @Test
  public void testKitPackages_openWithTheirFamilysTemplateLayout() throws Exception {
    Object[][] cases = {
      {ModelFamily.QWEN3_VL, ModelFamily.QWEN3_VL, ChatTemplate.Style.INSTRUCT},
      {ModelFamily.QWEN2_VL, ModelFamily.QWEN2_VL, ChatTemplate.Style.QWEN2_VL},
      {ModelFamily.QWEN2_5_VL, ModelFamily.QWEN2_5_VL, ChatTemplate.Style.QWEN2_VL},
    };
    for (Object[] c : cases) {
      Path dir = tmp.newFolder().toPath().resolve("pkg");
      app.lumen.testkit.TinyPackageGenerator.generate(dir, 3, (ModelFamily) c[0]);
      ModelPackage pkg = ModelPackage.open(dir);
      assertEquals(c[1], pkg.family());
      assertEquals(c[2], pkg.chatTemplate().style());
      assertEquals(pkg.config().numHiddenLayers(), pkg.config().fullAttentionLayers().size());
    }
  }

  @Test
  public void thinkingTemplateInTokenizerConfig_selectsTheThinkingStyle() throws Exception {
    Path dir =
        SignaturePackage.builder()
            .tokenizerChatTemplate(QwenTestResources.text("chat_template_thinking.jinja"))
            .writeTo(tmp.newFolder("think").toPath())
            .dir();
    assertEquals(ChatTemplate.Style.THINKING, ModelPackage.open(dir).chatTemplate().style());
  }

  @Test
  public void chatTemplateJinjaFile_winsOverTokenizerConfig() throws Exception {
    Path dir =
        SignaturePackage.builder()
            .tokenizerChatTemplate(QwenTestResources.text("chat_template_instruct.jinja"))
            .writeTo(tmp.newFolder("jinja").toPath())
            .dir();
    Files.writeString(
        dir.resolve(ModelPackage.CHAT_TEMPLATE_JINJA),
        QwenTestResources.text("chat_template_thinking.jinja"),
        StandardCharsets.UTF_8);
    SignaturePackage.rewriteManifest(dir);
    assertEquals(ChatTemplate.Style.THINKING, ModelPackage.open(dir).chatTemplate().style());
  }

  @Test
  public void open_checksSizesButDoesNotHash() throws Exception {
    Path dir = SignaturePackage.builder().writeTo(tmp.newFolder("nohash").toPath()).dir();
    Path decoder = dir.resolve(SignaturePackage.DECODER_GRAPH);
    byte[] bytes = Files.readAllBytes(decoder);
    bytes[bytes.length - 1] ^= 1; // same size, different hash: found by validate, not by open
    Files.write(decoder, bytes);
    ModelPackage.open(dir);

    Files.write(decoder, new byte[10]);
    IntegrityException e = assertThrows(IntegrityException.class, () -> ModelPackage.open(dir));
    assertTrue(
        e.getMessage(),
        e.getMessage().startsWith(SignaturePackage.DECODER_GRAPH + ": size 10 bytes, expected "));
  }

  @Test
  public void familyDisagreeingWithConfig_isRefusedNamingBoth() throws Exception {
    SignaturePackage written = SignaturePackage.builder().writeTo(tmp.newFolder("family").toPath());
    Path dir = written.dir();
    Files.writeString(
        dir.resolve("config.json"),
        written
            .config()
            .toString()
            .replace("\"model_type\":\"qwen3_vl\"", "\"model_type\":\"qwen2_5_vl\""),
        StandardCharsets.UTF_8);
    SignaturePackage.rewriteManifest(dir);
    InvalidPackageException e =
        assertThrows(InvalidPackageException.class, () -> ModelPackage.open(dir));
    assertEquals(
        "config.json: model_type: expected qwen3_vl (the family in lumen-package.json), found qwen2_5_vl",
        e.getMessage());
  }

  @Test
  public void missingEosInGenerationConfig_isRefused() throws Exception {
    Path dir = SignaturePackage.builder().writeTo(tmp.newFolder("eos").toPath()).dir();
    Files.writeString(
        dir.resolve("generation_config.json"), "{\"temperature\": 0.7}", StandardCharsets.UTF_8);
    SignaturePackage.rewriteManifest(dir);
    InvalidPackageException e =
        assertThrows(InvalidPackageException.class, () -> ModelPackage.open(dir));
    assertEquals(
        "generation_config.json: eos_token_id: missing (the engine would never know when to stop)",
        e.getMessage());
  }
}
