package app.lumen.download;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/**
 * A Hugging Face Hub on loopback, shaped like the real one: the tree API lists files with size, git
 * oid and (for LFS files) {@code lfs.oid} = SHA-256; {@code resolve} answers small files directly
 * with their git blob id as ETag and redirects LFS files to a CDN path with {@code X-Linked-Etag}
 * and {@code X-Linked-Size}.
 */
final class FakeHub {
  final MockWebServer server = new MockWebServer();
  final FakeFileServer files = new FakeFileServer();
  final String repo;
  final String revision = "main";
  final Map<String, byte[]> content = new LinkedHashMap<>();
  private final Map<String, Boolean> lfs = new LinkedHashMap<>();

  /** Entries per tree page; the tree API pages with a Link header. */
  int pageSize = 1000;

  FakeHub(String repo) throws Exception {
    this.repo = repo;
    server.setDispatcher(files);
    server.start();
  }

  String baseUrl() {
    return server.url("/").toString();
  }

  void add(String path, byte[] bytes, boolean isLfs) {
    content.put(path, bytes);
    lfs.put(path, isLfs);
    String resolve = "/" + repo + "/resolve/" + revision + "/" + path;
    if (isLfs) {
      String sha = TestData.sha256(bytes);
      String cdn = "/cdn/" + sha;
      files.put(cdn, bytes);
      files.routes.put(
          resolve,
          r ->
              new MockResponse.Builder()
                  .code(302)
                  .setHeader("Location", server.url(cdn).toString())
                  .setHeader("X-Linked-Etag", "\"" + sha + "\"")
                  .setHeader("X-Linked-Size", bytes.length)
                  .setHeader("ETag", "\"" + TestData.gitBlobSha1(pointer(sha, bytes.length)) + "\"")
                  .build());
    } else {
      files.put(resolve, bytes);
      files.headers.put(resolve, Map.of("ETag", "\"" + TestData.gitBlobSha1(bytes) + "\""));
    }
    publishTree();
  }

  void addText(String path, String text) {
    add(path, text.getBytes(StandardCharsets.UTF_8), false);
  }

  /** The CDN path serving an LFS file (for fault scripts). */
  String cdnPath(String path) {
    return "/cdn/" + TestData.sha256(content.get(path));
  }

  String resolvePath(String path) {
    return "/" + repo + "/resolve/" + revision + "/" + path;
  }

  private static byte[] pointer(String sha, long size) {
    return ("version https://git-lfs.github.com/spec/v1\noid sha256:"
            + sha
            + "\nsize "
            + size
            + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private void publishTree() {
    List<JsonObject> entries = new ArrayList<>();
    JsonObject dir = new JsonObject();
    dir.addProperty("type", "directory");
    dir.addProperty("oid", "0000000000000000000000000000000000000000");
    dir.addProperty("size", 0);
    dir.addProperty("path", "onnx");
    entries.add(dir);
    for (Map.Entry<String, byte[]> e : content.entrySet()) {
      byte[] bytes = e.getValue();
      JsonObject o = new JsonObject();
      o.addProperty("type", "file");
      o.addProperty("size", bytes.length);
      o.addProperty("path", e.getKey());
      if (lfs.get(e.getKey())) {
        String sha = TestData.sha256(bytes);
        o.addProperty("oid", TestData.gitBlobSha1(pointer(sha, bytes.length)));
        JsonObject l = new JsonObject();
        l.addProperty("oid", sha);
        l.addProperty("size", bytes.length);
        l.addProperty("pointerSize", pointer(sha, bytes.length).length);
        o.add("lfs", l);
      } else {
        o.addProperty("oid", TestData.gitBlobSha1(bytes));
      }
      entries.add(o);
    }
    String treePath = "/api/models/" + repo + "/tree/" + revision;
    int pages = Math.max(1, (entries.size() + pageSize - 1) / pageSize);
    for (int page = 0; page < pages; page++) {
      JsonArray arr = new JsonArray();
      for (int i = page * pageSize; i < Math.min(entries.size(), (page + 1) * pageSize); i++) {
        arr.add(entries.get(i));
      }
      String target = treePath + "?recursive=true" + (page == 0 ? "" : "&cursor=p" + page);
      String next =
          page + 1 < pages
              ? "<"
                  + server.url(treePath + "?recursive=true&cursor=p" + (page + 1))
                  + ">; rel=\"next\""
              : null;
      String body = arr.toString();
      files.routes.put(
          target,
          r -> {
            MockResponse.Builder b = new MockResponse.Builder().code(200).body(body);
            if (next != null) {
              b.setHeader("Link", next);
            }
            return b.build();
          });
    }
  }

  void close() {
    files.releaseStalls();
    server.close();
  }
}
