package app.lumen.pkg;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PackageManifestTest {
  private static final String SHA =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  // The example of contracts §1, with extra fields a newer writer might add.
  private static final String CONTRACT_EXAMPLE =
      "{\n"
          + "  \"format\": 1,\n"
          + "  \"id\": \"qwen2-vl-2b-instruct-q4\",\n"
          + "  \"family\": \"qwen2_vl\",\n"
          + "  \"display_name\": \"Qwen2-VL 2B Instruct (q4)\",\n"
          + "  \"source\": { \"hf_repo\": \"onnx-community/Qwen2-VL-2B-Instruct\", \"revision\": \"main\" },\n"
          + "  \"graphs\": { \"vision\": \"onnx/vision_encoder_q8.onnx\", \"embed\": \"onnx/embed_tokens_fp16.onnx\",\n"
          + "              \"decoder\": \"onnx/decoder_model_merged_q4.onnx\" },\n"
          + "  \"files\": [ { \"path\": \"onnx/decoder_model_merged_q4.onnx\", \"size\": 123456, \"sha256\": \""
          + SHA.toUpperCase()
          + "\", \"x\": 1 },\n"
          + "             { \"path\": \"config.json\", \"size\": 12, \"sha1\": \"3b18e512dba79e4c8300dd08aeb37f8e728b8dad\" } ],\n"
          + "  \"min_ram_mb\": 6000,\n"
          + "  \"license\": \"apache-2.0\",\n"
          + "  \"future_field\": { \"nested\": [1, 2, 3] }\n"
          + "}";

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void parse_contractExample_readsEveryFieldAndIgnoresUnknownOnes() throws Exception {
    PackageManifest m = PackageManifest.parse(CONTRACT_EXAMPLE, "example.json");
    assertEquals(1, m.format());
    assertEquals("qwen2-vl-2b-instruct-q4", m.id());
    assertEquals("qwen2_vl", m.family());
    assertEquals("Qwen2-VL 2B Instruct (q4)", m.displayName());
    assertEquals(new PackageSource("onnx-community/Qwen2-VL-2B-Instruct", "main"), m.source());
    assertEquals(List.of("vision", "embed", "decoder"), List.copyOf(m.graphs().keySet()));
    assertEquals("onnx/decoder_model_merged_q4.onnx", m.graphs().get("decoder"));
    assertEquals(
        new PackageFile("onnx/decoder_model_merged_q4.onnx", 123456, SHA, null), m.files().get(0));
    assertEquals("3b18e512dba79e4c8300dd08aeb37f8e728b8dad", m.files().get(1).sha1());
    assertEquals(6000, m.minRamMb());
    assertEquals("apache-2.0", m.license());
    assertEquals(123468, m.totalSize());
  }

  @Test
  public void parse_minimalManifest_appliesDefaults() throws Exception {
    PackageManifest m =
        PackageManifest.parse(
            "{\"format\":1,\"id\":\"tiny\",\"family\":\"qwen3\",\"graphs\":{\"decoder\":\"d.onnx\"},"
                + "\"files\":[{\"path\":\"d.onnx\",\"size\":0,\"sha256\":\"0000000000000000000000000000000000000000000000000000000000000000\"}]}",
            "m");
    assertEquals("tiny", m.displayName());
    assertNull(m.source());
    assertNull(m.license());
    assertEquals(0, m.minRamMb());
    assertTrue(m.graph("vision").isEmpty());
  }

  @Test
  public void parse_malformedJson_namesSourceAndSaysMalformed() {
    for (String json : new String[] {"{\"format\": 1,", "", "[1,2]", "{\"format\":1} trailing"}) {
      InvalidPackageException e =
          assertThrows(
              InvalidPackageException.class,
              () -> PackageManifest.parse(json, "pkg/lumen-package.json"));
      assertTrue(e.getMessage(), e.getMessage().startsWith("pkg/lumen-package.json: "));
    }
  }

  @Test
  public void parse_eachMissingRequiredField_isNamedInTheError() throws Exception {
    Map<String, String> withoutField =
        Map.of(
            "format", "{\"id\":\"a\",\"family\":\"f\",\"graphs\":{\"decoder\":\"d\"},\"files\":[]}",
            "id", "{\"format\":1,\"family\":\"f\",\"graphs\":{\"decoder\":\"d\"},\"files\":[]}",
            "family", "{\"format\":1,\"id\":\"a\",\"graphs\":{\"decoder\":\"d\"},\"files\":[]}",
            "graphs", "{\"format\":1,\"id\":\"a\",\"family\":\"f\",\"files\":[]}",
            "graphs.decoder",
                "{\"format\":1,\"id\":\"a\",\"family\":\"f\",\"graphs\":{\"vision\":\"v\"},\"files\":[]}",
            "files", "{\"format\":1,\"id\":\"a\",\"family\":\"f\",\"graphs\":{\"decoder\":\"d\"}}",
            "files[0].size",
                "{\"format\":1,\"id\":\"a\",\"family\":\"f\",\"graphs\":{\"decoder\":\"d\"},\"files\":[{\"path\":\"d\"}]}",
            "source.hf_repo",
                "{\"format\":1,\"id\":\"a\",\"family\":\"f\",\"source\":{},\"graphs\":{\"decoder\":\"d\"},\"files\":[]}");
    for (Map.Entry<String, String> e : withoutField.entrySet()) {
      InvalidPackageException ex =
          assertThrows(
              e.getKey(),
              InvalidPackageException.class,
              () -> PackageManifest.parse(e.getValue(), "m.json"));
      assertEquals("m.json: missing required field \"" + e.getKey() + "\"", ex.getMessage());
    }
  }

  @Test
  public void parse_wrongTypesAndValues_areNamed() {
    assertMessage(
        "{\"format\":2,\"id\":\"a\",\"family\":\"f\",\"graphs\":{\"decoder\":\"d\"},\"files\":[]}",
        "field \"format\": unsupported value 2");
    assertMessage(
        "{\"format\":1,\"id\":5,\"family\":\"f\",\"graphs\":{\"decoder\":\"d\"},\"files\":[]}",
        "field \"id\" must be a string");
    assertMessage(
        "{\"format\":1,\"id\":\"a\",\"family\":\"f\",\"graphs\":{\"decoder\":\"d\"},\"files\":[{\"path\":\"d\",\"size\":1.5}]}",
        "field \"files[0].size\" must be an integer");
    assertMessage(
        "{\"format\":1,\"id\":\"a\",\"family\":\"f\",\"graphs\":{\"decoder\":\"d\"},\"files\":[{\"path\":\"d\",\"size\":-1}]}",
        "negative size");
    assertMessage(
        "{\"format\":1,\"id\":\"a\",\"family\":\"f\",\"graphs\":{\"decoder\":\"d\"},\"files\":[{\"path\":\"d\",\"size\":1,\"sha256\":\"xyz\"}]}",
        "field \"files[0]\": d: sha256 must be 64 hex digits");
    assertMessage(
        "{\"format\":1,\"id\":\"a\",\"family\":\"f\",\"graphs\":{\"decoder\":\"d\"},\"files\":[{\"path\":\"d\",\"size\":1,\"sha256\":\"0000000000000000000000000000000000000000000000000000000000000000\"},{\"path\":\"d\",\"size\":1,\"sha256\":\"0000000000000000000000000000000000000000000000000000000000000000\"}]}",
        "duplicate path d");
    assertMessage(
        "{\"format\":1,\"id\":\"a\",\"family\":\"f\",\"graphs\":{\"decoder\":\"d\"},\"files\":{}}",
        "field \"files\" must be an array");
  }

  @Test
  public void parse_unsafePaths_throwUnsafePathExceptionNamingTheField() {
    UnsafePathException e =
        assertThrows(
            UnsafePathException.class,
            () ->
                PackageManifest.parse(
                    "{\"format\":1,\"id\":\"a\",\"family\":\"f\",\"graphs\":{\"decoder\":\"d\"},"
                        + "\"files\":[{\"path\":\"../../etc/passwd\",\"size\":1,\"sha256\":\"0000000000000000000000000000000000000000000000000000000000000000\"}]}",
                    "m.json"));
    assertTrue(
        e.getMessage(),
        e.getMessage()
            .startsWith("m.json: field \"files[0].path\": unsafe path \"../../etc/passwd\""));
    assertThrows(
        UnsafePathException.class,
        () ->
            PackageManifest.parse(
                "{\"format\":1,\"id\":\"a\",\"family\":\"f\",\"graphs\":{\"decoder\":\"/abs.onnx\"},\"files\":[]}",
                "m"));
    assertThrows(
        UnsafePathException.class,
        () ->
            PackageManifest.parse(
                "{\"format\":1,\"id\":\"..\",\"family\":\"f\",\"graphs\":{\"decoder\":\"d\"},\"files\":[]}",
                "m"));
  }

  @Test
  public void toJson_thenParse_givesEqualManifest() throws Exception {
    PackageManifest m = PackageManifest.parse(CONTRACT_EXAMPLE, "example.json");
    PackageManifest again = PackageManifest.parse(m.toJson(), "again");
    assertEquals(m, again);
    assertEquals(m.files(), again.files());
    assertEquals(m.graphs(), again.graphs());
    assertTrue(m.toJson().contains("\"display_name\": \"Qwen2-VL 2B Instruct (q4)\""));
    assertTrue(m.toJson().contains("\"hf_repo\": \"onnx-community/Qwen2-VL-2B-Instruct\""));
  }

  @Test
  public void builder_buildsWhatParseReads() throws Exception {
    PackageManifest m =
        PackageManifest.builder("tiny-qwen3-vl", "qwen3_vl")
            .displayName("Tiny")
            .graph(PackageManifest.ROLE_DECODER, "onnx/decoder.onnx")
            .file(PackageFile.withSha256("onnx/decoder.onnx", 3, SHA))
            .minRamMb(64)
            .build();
    assertEquals(m, PackageManifest.parse(m.toJson(), "x"));
    assertThrows(
        InvalidPackageException.class,
        () ->
            PackageManifest.builder("x", "qwen3")
                .file(PackageFile.withSha256("a", 1, SHA))
                .build());
  }

  @Test
  public void writeTo_replacesAtomicallyAndLeavesNoTemporaryFiles() throws Exception {
    Path dir = tmp.newFolder("pkg").toPath();
    Files.write(dir.resolve(PackageManifest.FILE_NAME), "old".getBytes(StandardCharsets.UTF_8));
    PackageManifest m = PackageManifest.parse(CONTRACT_EXAMPLE, "example.json");
    m.writeTo(dir);
    assertEquals(m, PackageManifest.read(dir));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(
          List.of(PackageManifest.FILE_NAME),
          s.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
    }
  }

  @Test
  public void writeTo_createsMissingFolder() throws Exception {
    Path dir = tmp.getRoot().toPath().resolve("models/new-id");
    PackageManifest m = PackageManifest.parse(CONTRACT_EXAMPLE, "example.json");
    m.writeTo(dir);
    assertEquals(m, PackageManifest.read(dir));
  }

  @Test
  public void read_missingManifest_saysNotAPackage() throws Exception {
    Path dir = tmp.newFolder("empty").toPath();
    InvalidPackageException e =
        assertThrows(InvalidPackageException.class, () -> PackageManifest.read(dir));
    assertTrue(e.getMessage(), e.getMessage().contains("lumen-package.json: missing"));
  }

  private static void assertMessage(String json, String expectedPart) {
    InvalidPackageException e =
        assertThrows(
            json, InvalidPackageException.class, () -> PackageManifest.parse(json, "m.json"));
    assertTrue(e.getMessage(), e.getMessage().startsWith("m.json: "));
    assertTrue(e.getMessage(), e.getMessage().contains(expectedPart));
  }
}
