package app.lumen.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import app.lumen.pkg.ModelFamily;
import app.lumen.pkg.PackageFile;
import app.lumen.pkg.PackageManifest;
import app.lumen.pkg.PackageVerifier;
import app.lumen.testkit.onnx.DataType;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SignaturePackageTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void writeTo_listsEveryFileWithItsSizeAndSha256() throws Exception {
    Path dir = SignaturePackage.builder().writeTo(tmp.newFolder("pkg").toPath()).dir();
    PackageManifest manifest = PackageManifest.read(dir);

    assertEquals(filesOnDisk(dir), paths(manifest));
    assertEquals(List.of(), PackageVerifier.verify(dir, manifest, PackageVerifier.Mode.FULL));
    assertEquals(
        Map.of(
            PackageManifest.ROLE_EMBED, SignaturePackage.EMBED_GRAPH,
            PackageManifest.ROLE_DECODER, SignaturePackage.DECODER_GRAPH,
            PackageManifest.ROLE_VISION, SignaturePackage.VISION_GRAPH),
        manifest.graphs());
    assertFalse(Files.exists(dir.resolve(TinyPackageGenerator.CHAT_TEMPLATE)));
  }

  @Test
  public void configFiles_areTheTinyPackagesFilesOfTheSameFamily() throws Exception {
    SignaturePackage pkg = SignaturePackage.builder().writeTo(tmp.newFolder("sig").toPath());
    Path tiny = tmp.newFolder("tiny").toPath();
    TinyPackageGenerator.generate(tiny, 1, ModelFamily.QWEN3_VL);

    for (String file :
        List.of("tokenizer.json", "generation_config.json", "preprocessor_config.json")) {
      assertEquals(file, text(tiny.resolve(file)), text(pkg.dir().resolve(file)));
    }
    JsonObject config = json(pkg.dir().resolve("config.json"));
    assertEquals(pkg.config(), config);
    JsonObject text = config.getAsJsonObject("text_config");
    assertEquals(pkg.hiddenSize(), text.get("hidden_size").getAsInt());
    assertEquals(pkg.numLayers(), text.get("num_hidden_layers").getAsInt());
    assertEquals(pkg.numKvHeads(), text.get("num_key_value_heads").getAsInt());
    assertEquals(pkg.headDim(), text.get("head_dim").getAsInt());
    assertEquals(pkg.tokenId("<|image_pad|>"), config.get("image_token_id").getAsInt());
  }

  @Test
  public void builder_changesWhatTheDecoderDeclares_notTheConfig() throws Exception {
    SignaturePackage pkg =
        SignaturePackage.builder()
            .embedsInput("input_embeds")
            .decoderLayers(3)
            .decoderKvHeads(4)
            .kvType(DataType.FLOAT16)
            .deepstackInput(true)
            .writeTo(tmp.newFolder("pkg").toPath());

    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession decoder =
        env.createSession(pkg.dir().resolve(SignaturePackage.DECODER_GRAPH).toString())) {
      Map<String, NodeInfo> inputs = decoder.getInputInfo();
      assertTrue(inputs.keySet().toString(), inputs.containsKey("input_embeds"));
      assertTrue(inputs.containsKey("deepstack_embeds"));
      assertTrue(inputs.containsKey("past_key_values.2.value"));
      assertFalse(inputs.containsKey("past_key_values.3.key"));
      TensorInfo past = (TensorInfo) inputs.get("past_key_values.0.key").getInfo();
      assertEquals(OnnxJavaType.FLOAT16, past.type);
      assertEquals(4, past.getShape()[1]);
      assertEquals(pkg.headDim(), past.getShape()[3]);
    }
    JsonObject text = json(pkg.dir().resolve("config.json")).getAsJsonObject("text_config");
    assertEquals(2, text.get("num_hidden_layers").getAsInt());
    assertEquals(1, text.get("num_key_value_heads").getAsInt());
  }

  @Test
  public void tokenizerChatTemplate_goesIntoTokenizerConfig() throws Exception {
    Path dir =
        SignaturePackage.builder()
            .tokenizerChatTemplate("{{ messages }}")
            .writeTo(tmp.newFolder("pkg").toPath())
            .dir();

    JsonObject config = json(dir.resolve("tokenizer_config.json"));
    assertEquals("{{ messages }}", config.get("chat_template").getAsString());
    assertEquals(
        List.of(),
        PackageVerifier.verify(dir, PackageManifest.read(dir), PackageVerifier.Mode.FULL));
  }

  @Test
  public void rewriteManifest_keepsTheFieldsAndListsTheFilesNowOnDisk() throws Exception {
    Path dir = SignaturePackage.builder().writeTo(tmp.newFolder("pkg").toPath()).dir();
    PackageManifest before = PackageManifest.read(dir);
    Files.delete(dir.resolve("tokenizer.json"));
    Files.writeString(dir.resolve("config.json"), "{}", StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("onnx/extra.bin"), "x", StandardCharsets.UTF_8);

    SignaturePackage.rewriteManifest(dir);

    PackageManifest after = PackageManifest.read(dir);
    assertEquals(filesOnDisk(dir), paths(after));
    assertFalse(paths(after).contains("tokenizer.json"));
    assertTrue(paths(after).contains("onnx/extra.bin"));
    assertEquals(List.of(), PackageVerifier.verify(dir, after, PackageVerifier.Mode.FULL));
    assertEquals(before.id(), after.id());
    assertEquals(before.family(), after.family());
    assertEquals(before.displayName(), after.displayName());
    assertEquals(before.graphs(), after.graphs());
  }

  private static List<String> paths(PackageManifest manifest) {
    List<String> paths = new ArrayList<>();
    for (PackageFile file : manifest.files()) {
      paths.add(file.path());
    }
    return paths;
  }

  private static List<String> filesOnDisk(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(f -> dir.relativize(f).toString().replace('\\', '/'))
          .filter(p -> !p.equals(PackageManifest.FILE_NAME))
          .sorted()
          .toList();
    }
  }

  private static String text(Path file) throws Exception {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private static JsonObject json(Path file) throws Exception {
    return JsonParser.parseString(text(file)).getAsJsonObject();
  }
}
