package app.lumen.pkg;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PackageVerifierTest {
  // sha256("abc"), sha1("abc") and git hash-object of "hello world\n" (computed outside this code)
  private static final String SHA256_ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  private static final String SHA1_ABC = "a9993e364706816aba3e25717850c26c9cd0d89d";
  private static final String GIT_BLOB_HELLO = "3b18e512dba79e4c8300dd08aeb37f8e728b8dad";

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private Path dir;

  @Before
  public void setUp() throws Exception {
    dir = tmp.newFolder("pkg").toPath();
    Files.createDirectories(dir.resolve("onnx"));
    write("onnx/decoder.onnx", "abc");
    write("config.json", "hello world\n");
    write("plain-sha1.txt", "abc");
  }

  private void write(String path, String content) throws Exception {
    Files.write(dir.resolve(path), content.getBytes(StandardCharsets.US_ASCII));
  }

  private static PackageManifest manifest(PackageFile... files) throws Exception {
    PackageManifest.Builder b =
        PackageManifest.builder("p", "qwen3").graph("decoder", "onnx/decoder.onnx");
    for (PackageFile f : files) {
      b.file(f);
    }
    return b.build();
  }

  private static PackageManifest goodManifest() throws Exception {
    return manifest(
        PackageFile.withSha256("onnx/decoder.onnx", 3, SHA256_ABC),
        new PackageFile("config.json", 12, null, GIT_BLOB_HELLO),
        new PackageFile("plain-sha1.txt", 3, null, SHA1_ABC));
  }

  @Test
  public void verify_intactPackage_hasNoProblemsInEitherMode() throws Exception {
    assertEquals(
        List.of(), PackageVerifier.verify(dir, goodManifest(), PackageVerifier.Mode.SIZES));
    assertEquals(List.of(), PackageVerifier.verify(dir, goodManifest(), PackageVerifier.Mode.FULL));
    PackageVerifier.requireValid(dir, goodManifest(), PackageVerifier.Mode.FULL);
  }

  @Test
  public void verify_wrongSize_reportsOnePreciseLine() throws Exception {
    write("onnx/decoder.onnx", "abcd");
    List<PackageProblem> problems =
        PackageVerifier.verify(dir, goodManifest(), PackageVerifier.Mode.SIZES);
    assertEquals(1, problems.size());
    assertEquals(PackageProblem.Kind.SIZE_MISMATCH, problems.get(0).kind());
    assertEquals("onnx/decoder.onnx: size 4 bytes, expected 3", problems.get(0).message());
  }

  @Test
  public void verify_sameSizeWrongBytes_foundOnlyByFullMode() throws Exception {
    write("onnx/decoder.onnx", "abd");
    assertEquals(
        List.of(), PackageVerifier.verify(dir, goodManifest(), PackageVerifier.Mode.SIZES));
    List<PackageProblem> problems =
        PackageVerifier.verify(dir, goodManifest(), PackageVerifier.Mode.FULL);
    assertEquals(1, problems.size());
    assertEquals(PackageProblem.Kind.HASH_MISMATCH, problems.get(0).kind());
    assertTrue(
        problems.get(0).message(),
        problems.get(0).message().startsWith("onnx/decoder.onnx: sha256 "));
    assertTrue(problems.get(0).message().endsWith(", expected " + SHA256_ABC));
    assertThrows(
        IntegrityException.class,
        () -> PackageVerifier.requireValid(dir, goodManifest(), PackageVerifier.Mode.FULL));
  }

  @Test
  public void verify_corruptSha1File_isReported() throws Exception {
    write("config.json", "hello World\n");
    List<PackageProblem> problems =
        PackageVerifier.verify(dir, goodManifest(), PackageVerifier.Mode.FULL);
    assertEquals(1, problems.size());
    assertEquals("config.json", problems.get(0).file());
    assertEquals(PackageProblem.Kind.HASH_MISMATCH, problems.get(0).kind());
  }

  @Test
  public void verify_missingFileAndUnlistedGraph_areBothReported() throws Exception {
    Files.delete(dir.resolve("config.json"));
    PackageManifest m =
        PackageManifest.builder("p", "qwen3_vl")
            .graph("vision", "onnx/vision.onnx")
            .graph("decoder", "onnx/decoder.onnx")
            .file(PackageFile.withSha256("onnx/decoder.onnx", 3, SHA256_ABC))
            .file(new PackageFile("config.json", 12, null, GIT_BLOB_HELLO))
            .build();
    List<PackageProblem> problems = PackageVerifier.verify(dir, m, PackageVerifier.Mode.SIZES);
    assertEquals(2, problems.size());
    assertEquals("config.json: missing", problems.get(0).message());
    assertEquals(PackageProblem.Kind.MISSING, problems.get(0).kind());
    assertEquals("onnx/vision.onnx: vision graph not listed in files", problems.get(1).message());
    assertEquals(PackageProblem.Kind.GRAPH_NOT_LISTED, problems.get(1).kind());
    assertThrows(
        InvalidPackageException.class,
        () -> PackageVerifier.requireValid(dir, m, PackageVerifier.Mode.SIZES));
  }

  @Test
  public void verify_fileReplacedBySymlinkOutside_isUnsafe() throws Exception {
    Path outside = tmp.newFile("outside.json").toPath();
    Files.write(outside, "hello world\n".getBytes(StandardCharsets.US_ASCII));
    Files.delete(dir.resolve("config.json"));
    Files.createSymbolicLink(dir.resolve("config.json"), outside);
    List<PackageProblem> problems =
        PackageVerifier.verify(dir, goodManifest(), PackageVerifier.Mode.FULL);
    assertEquals(1, problems.size());
    assertEquals(PackageProblem.Kind.UNSAFE_PATH, problems.get(0).kind());
  }

  @Test
  public void verify_folderWhereFileExpected_isNotAFile() throws Exception {
    Files.delete(dir.resolve("config.json"));
    Files.createDirectory(dir.resolve("config.json"));
    List<PackageProblem> problems =
        PackageVerifier.verify(dir, goodManifest(), PackageVerifier.Mode.SIZES);
    assertEquals(PackageProblem.Kind.NOT_A_FILE, problems.get(0).kind());
  }

  @Test
  public void manifestEntryWithoutAnyDigest_isRefusedNamingTheFile() {
    String json =
        "{\"format\": 1, \"id\": \"p\", \"family\": \"qwen3\","
            + " \"graphs\": {\"decoder\": \"onnx/decoder.onnx\"},"
            + " \"files\": [{\"path\": \"onnx/decoder.onnx\", \"size\": 3}]}";
    InvalidPackageException e =
        assertThrows(
            InvalidPackageException.class, () -> PackageManifest.parse(json, "lumen-package.json"));
    assertTrue(e.getMessage(), e.getMessage().contains("onnx/decoder.onnx"));
    assertTrue(e.getMessage(), e.getMessage().contains("sha256"));
    assertThrows(
        IllegalArgumentException.class, () -> new PackageFile("config.json", 12, null, null));
  }

  @Test
  public void externalDataOfAGraph_mustBeListed() throws Exception {
    Files.write(dir.resolve("onnx/decoder.onnx"), graphWithExternalData("decoder.onnx_data"));
    write("onnx/decoder.onnx_data", "abc");
    long graphSize = Files.size(dir.resolve("onnx/decoder.onnx"));
    String graphSha = FileDigests.sha256(dir.resolve("onnx/decoder.onnx"));
    PackageManifest unlisted =
        manifest(PackageFile.withSha256("onnx/decoder.onnx", graphSize, graphSha));
    for (PackageVerifier.Mode mode : PackageVerifier.Mode.values()) {
      List<PackageProblem> problems = PackageVerifier.verify(dir, unlisted, mode);
      assertEquals(mode + ": " + problems, 1, problems.size());
      assertEquals(PackageProblem.Kind.EXTERNAL_DATA_NOT_LISTED, problems.get(0).kind());
      assertEquals(
          "onnx/decoder.onnx: external data \"decoder.onnx_data\" (onnx/decoder.onnx_data) is not"
              + " listed in files",
          problems.get(0).message());
    }
    PackageManifest listed =
        manifest(
            PackageFile.withSha256("onnx/decoder.onnx", graphSize, graphSha),
            PackageFile.withSha256("onnx/decoder.onnx_data", 3, SHA256_ABC));
    assertEquals(List.of(), PackageVerifier.verify(dir, listed, PackageVerifier.Mode.FULL));
  }

  @Test
  public void externalDataOutsideThePackage_isUnsafe() throws Exception {
    Files.write(dir.resolve("onnx/decoder.onnx"), graphWithExternalData("../../w.bin"));
    PackageManifest m =
        manifest(
            PackageFile.withSha256(
                "onnx/decoder.onnx",
                Files.size(dir.resolve("onnx/decoder.onnx")),
                FileDigests.sha256(dir.resolve("onnx/decoder.onnx"))));
    List<PackageProblem> problems = PackageVerifier.verify(dir, m, PackageVerifier.Mode.SIZES);
    assertEquals(problems.toString(), 1, problems.size());
    assertEquals(PackageProblem.Kind.UNSAFE_PATH, problems.get(0).kind());
  }

  /**
   * A minimal ONNX ModelProto, encoded by hand: graph (field 7) with one Constant node whose
   * attribute tensor and one initializer both keep their data in {@code location} (TensorProto
   * field 13 external_data {key "location", value}, field 14 data_location = EXTERNAL).
   */
  private static byte[] graphWithExternalData(String location) {
    byte[] entry =
        concat(field(1, "location".getBytes(StandardCharsets.UTF_8)), field(2, utf8(location)));
    byte[] tensor = concat(field(8, utf8("w")), field(13, entry), new byte[] {(byte) (14 << 3), 1});
    byte[] attribute = concat(field(1, utf8("value")), field(5, tensor));
    byte[] node = concat(field(4, utf8("Constant")), field(5, attribute));
    byte[] graph = concat(field(1, node), field(5, tensor), field(2, utf8("g")));
    return concat(new byte[] {(byte) (1 << 3), 8}, field(7, graph));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A length-delimited field (wire type 2); lengths here stay below 128 (one-byte varint). */
  private static byte[] field(int number, byte[] payload) {
    assertTrue(payload.length < 128);
    return concat(new byte[] {(byte) (number << 3 | 2), (byte) payload.length}, payload);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
