package app.lumen.download;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.Test;

public class CatalogTest {
  private static final String MINIMAL =
      "{\"format\":1,\"packages\":[{\"id\":\"a\",\"family\":\"qwen3\","
          + "\"source\":{\"hf_repo\":\"org/repo\"},\"graphs\":{\"decoder\":\"onnx/model.onnx\"}}]}";

  @Test
  public void defaultCatalog_parsesAndEveryEntryIsAHubPackageWithADecoder() throws Exception {
    Catalog c = Catalog.loadDefault();
    assertFalse(c.entries().isEmpty());
    for (CatalogEntry e : c.entries()) {
      assertTrue(e.id(), e.source().isHuggingFace());
      assertTrue(e.id(), e.graphs().containsKey("decoder"));
      assertTrue(e.id(), e.files().stream().anyMatch(f -> f.path().equals("config.json")));
    }
    CatalogEntry q2 = c.find("qwen2-vl-2b-instruct").orElseThrow();
    assertEquals("onnx-community/Qwen2-VL-2B-Instruct", q2.source().hfRepo());
    assertEquals("onnx/decoder_model_merged_q4.onnx", q2.graphs().get("decoder"));
  }

  @Test
  public void parse_minimalEntry_appliesDefaultsAndIgnoresUnknownFields() throws Exception {
    String json = MINIMAL.replace("\"id\":\"a\"", "\"id\":\"a\",\"future\":{\"x\":1}");
    CatalogEntry e = Catalog.parse(json, "c.json").entries().get(0);
    assertEquals("a", e.displayName());
    assertEquals("main", e.source().revision());
    assertEquals(0, e.minRamMb());
    assertNull(e.license());
    assertEquals(-1, e.knownSize());
  }

  @Test
  public void parse_badInput_namesSourceAndField() {
    Map<String, String> cases =
        Map.of(
            "{\"format\":1,",
            "malformed JSON",
            "{\"packages\":[]}",
            "missing required field \"format\"",
            MINIMAL.replace("\"family\":\"qwen3\",", ""),
            "missing required field \"packages[0].family\"",
            MINIMAL.replace("\"decoder\"", "\"vision\""),
            "missing required field \"packages[0].graphs.decoder\"",
            MINIMAL.replace("onnx/model.onnx", "../model.onnx"),
            "packages[0].graphs.decoder",
            MINIMAL.replace("org/repo", "not a repo"),
            "packages[0].source.hf_repo",
            MINIMAL.replace(
                "{\"hf_repo\":\"org/repo\"}", "{\"base_url\":\"http://example.com/m\"}"),
            "must be an https:// URL",
            MINIMAL.replace("\"id\":\"a\"", "\"id\":\"a/b\""),
            "must not contain '/'");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      DownloadException e =
          assertThrows(
              c.getKey(), DownloadException.class, () -> Catalog.parse(c.getKey(), "c.json"));
      assertEquals(DownloadException.Reason.INVALID_INPUT, e.reason());
      assertTrue(e.getMessage(), e.getMessage().startsWith("c.json: "));
      assertTrue(e.getMessage(), e.getMessage().contains(c.getValue()));
    }
  }

  @Test
  public void parse_baseUrlSource_needsSizeAndHashOfEveryFile() throws Exception {
    String ok =
        "{\"format\":1,\"packages\":[{\"id\":\"a\",\"family\":\"qwen3\","
            + "\"source\":{\"base_url\":\"https://mirror.example.com/a\"},"
            + "\"graphs\":{\"decoder\":\"model.onnx\"},"
            + "\"files\":[{\"path\":\"model.onnx\",\"size\":3,\"sha256\":\""
            + "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD\"}]}]}";
    CatalogEntry e = Catalog.parse(ok, "c").entries().get(0);
    assertEquals("https://mirror.example.com/a/", e.source().baseUrl());
    assertEquals(3, e.knownSize());
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        e.files().get(0).sha256());
    String noHash = ok.replaceAll(",\"sha256\":\"[0-9A-F]+\"", "");
    DownloadException ex = assertThrows(DownloadException.class, () -> Catalog.parse(noHash, "c"));
    assertTrue(ex.getMessage(), ex.getMessage().contains("need size and sha256 for model.onnx"));
  }

  @Test
  public void toJson_thenParse_givesTheSameEntries_andWithAddsOrReplaces() throws Exception {
    Catalog shipped = Catalog.loadDefault();
    assertEquals(shipped.entries(), Catalog.parse(shipped.toJson(), "again").entries());
    CatalogEntry user =
        new CatalogEntry(
            "my-model-q4",
            "Mine",
            "qwen3",
            "q4",
            CatalogSource.huggingFace("me/my-model", "abc123"),
            Map.of("decoder", "onnx/model_q4.onnx"),
            java.util.List.of(new CatalogFile("config.json", 10, null, false)),
            0,
            null);
    Catalog more = shipped.with(user);
    assertEquals(shipped.entries().size() + 1, more.entries().size());
    assertEquals(user, Catalog.parse(more.toJson(), "x").find("my-model-q4").orElseThrow());
    assertEquals(more.entries().size(), more.with(user).entries().size());
  }

  @Test
  public void fetchCatalog_overHttpOnLoopback_parses() throws Exception {
    try (MockWebServer server = new MockWebServer();
        ModelDownloader d = ModelDownloader.create(DownloaderConfig.builder().build())) {
      server.enqueue(new MockResponse.Builder().body(MINIMAL).build());
      server.start();
      Catalog c = d.fetchCatalog(server.url("/catalog.json").toString());
      assertEquals("a", c.entries().get(0).id());
      DownloadException e =
          assertThrows(
              DownloadException.class, () -> d.fetchCatalog("http://example.com/catalog.json"));
      assertEquals(DownloadException.Reason.INVALID_INPUT, e.reason());
    }
  }
}
