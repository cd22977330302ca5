package app.lumen.pkg;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Digest values are the FIPS 180 examples and {@code git hash-object} output. */
public class FileDigestsTest {
  private static final String SHA256_ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  private static final String SHA256_TWO_BLOCK =
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
  private static final String SHA256_MILLION_A =
      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
  private static final String SHA256_EMPTY =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final String SHA1_ABC = "a9993e364706816aba3e25717850c26c9cd0d89d";
  // git hash-object of "hello world\n" and of the empty file
  private static final String GIT_BLOB_HELLO = "3b18e512dba79e4c8300dd08aeb37f8e728b8dad";
  private static final String GIT_BLOB_EMPTY = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391";

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private Path write(String name, byte[] content) throws Exception {
    Path p = tmp.getRoot().toPath().resolve(name);
    Files.write(p, content);
    return p;
  }

  private static byte[] millionA() {
    byte[] b = new byte[1_000_000];
    Arrays.fill(b, (byte) 'a');
    return b;
  }

  @Test
  public void sha256_ofNistVectors_matchesPublishedDigests() throws Exception {
    assertEquals(
        SHA256_ABC, FileDigests.sha256(write("abc", "abc".getBytes(StandardCharsets.US_ASCII))));
    assertEquals(
        SHA256_TWO_BLOCK,
        FileDigests.sha256(
            new ByteArrayInputStream(
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
                    .getBytes(StandardCharsets.US_ASCII))));
    assertEquals(SHA256_EMPTY, FileDigests.sha256(write("empty", new byte[0])));
  }

  @Test
  public void sha256_ofFileLargerThanBuffer_matchesMillionAVector() throws Exception {
    assertEquals(SHA256_MILLION_A, FileDigests.sha256(write("a", millionA())));
  }

  @Test
  public void sha1_ofAbc_matchesPublishedDigest() throws Exception {
    assertEquals(
        SHA1_ABC, FileDigests.sha1(write("abc", "abc".getBytes(StandardCharsets.US_ASCII))));
    assertEquals(
        SHA1_ABC,
        FileDigests.sha1(new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII))));
  }

  @Test
  public void gitBlobSha1_matchesGitHashObject() throws Exception {
    assertEquals(
        GIT_BLOB_HELLO,
        FileDigests.gitBlobSha1(
            write("hello", "hello world\n".getBytes(StandardCharsets.US_ASCII))));
    assertEquals(GIT_BLOB_EMPTY, FileDigests.gitBlobSha1(write("empty", new byte[0])));
  }

  @Test
  public void incrementalDigest_resumedFromFilePrefix_equalsDigestOfWhole() throws Exception {
    byte[] all = millionA();
    Path prefix = write("prefix.part", Arrays.copyOf(all, 123_457));
    IncrementalDigest d = IncrementalDigest.sha256();
    d.updateFromFile(prefix);
    d.update(all, 123_457, all.length - 123_457);
    assertEquals(all.length, d.bytesHashed());
    assertEquals(SHA256_MILLION_A, d.hex());
    assertEquals("hex() is idempotent", SHA256_MILLION_A, d.hex());
    assertThrows(IllegalStateException.class, () -> d.update(all, 0, 1));
  }

  @Test
  public void digestingOutputStream_hashesExactlyWhatItWrites() throws Exception {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    IncrementalDigest sha256 = IncrementalDigest.sha256();
    IncrementalDigest blob = IncrementalDigest.gitBlobSha1(12);
    try (DigestingOutputStream out = new DigestingOutputStream(sink, sha256, blob)) {
      out.write('h');
      out.write("ello world\n".getBytes(StandardCharsets.US_ASCII));
      assertEquals(12, out.bytesWritten());
    }
    assertEquals("hello world\n", sink.toString(StandardCharsets.US_ASCII));
    assertEquals(GIT_BLOB_HELLO, blob.hex());
    assertEquals("a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447", sha256.hex());
  }

  @Test
  public void hex_roundTripsAndRejectsGarbage() {
    byte[] bytes = {0, 1, (byte) 0xab, (byte) 0xff};
    assertEquals("0001abff", FileDigests.hex(bytes));
    assertArrayEquals(bytes, FileDigests.fromHex("0001ABff"));
    assertThrows(IllegalArgumentException.class, () -> FileDigests.fromHex("abc"));
    assertThrows(IllegalArgumentException.class, () -> FileDigests.fromHex("zz"));
    assertTrue(FileDigests.isHex(SHA1_ABC, 40));
    assertFalse(FileDigests.isHex(SHA1_ABC.toUpperCase(), 40));
    assertFalse(FileDigests.isHex(SHA1_ABC, 64));
  }
}
