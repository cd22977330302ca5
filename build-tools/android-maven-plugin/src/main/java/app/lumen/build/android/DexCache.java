package app.lumen.build.android;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A folder of dexed jars shared by all builds of the user, one entry per jar and settings.
 *
 * <p>The key is the SHA-256 of the jar's bytes and of a text naming everything else that changes
 * d8's output (its version, the JDK, the platform jar, the classpath, the mode). An entry is made
 * in a private temporary folder and renamed into place in one step, so a build that is killed, or
 * two builds running at once, never leave or read a half-written entry. Entries not used for the
 * longest time are removed once the cache exceeds its size bound.
 */
final class DexCache {
  /** Makes an entry's files in the given (empty) folder. */
  interface Producer {
    void produce(Path dir) throws Exception;
  }

  private static final String DONE = ".done";
  private static final String TMP = ".tmp-";

  /** Temporary folders of builds that died; older than any running build. */
  private static final Duration ABANDONED = Duration.ofDays(1);

  private final Path root;
  private final long maxBytes;
  private final Set<Path> usedThisBuild = new HashSet<>();

  /** Each jar is hashed once per build: for the settings text and again for its own key. */
  private final Map<Path, String> hashes = new ConcurrentHashMap<>();

  DexCache(Path root, long maxBytes) {
    this.root = root;
    this.maxBytes = maxBytes;
  }

  /** The entry for {@code jar} under {@code settings}, made by {@code producer} when missing. */
  Path entry(Path jar, String settings, Producer producer) throws IOException {
    Path dir = root.resolve(key(jar, settings));
    usedThisBuild.add(dir);
    if (Files.exists(dir.resolve(DONE))) {
      Files.setLastModifiedTime(dir.resolve(DONE), FileTime.from(Instant.now()));
      return dir;
    }
    Files.createDirectories(root);
    Path tmp = root.resolve(dir.getFileName() + TMP + UUID.randomUUID());
    AndroidResourcesMojo.deleteTree(tmp);
    Files.createDirectories(tmp);
    try {
      producer.produce(tmp);
      Files.writeString(tmp.resolve(DONE), jar.getFileName() + "\n" + settings + "\n");
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileSystemException e) {
      AndroidResourcesMojo.deleteTree(tmp);
      if (!Files.exists(dir.resolve(DONE))) {
        throw e;
      }
      // Another build made the same entry meanwhile (the rename found it there): both are the
      // same, keep theirs.
    } catch (IOException | RuntimeException e) {
      AndroidResourcesMojo.deleteTree(tmp);
      throw e;
    } catch (Exception e) {
      AndroidResourcesMojo.deleteTree(tmp);
      throw new IOException("dexing " + jar + " failed: " + e.getMessage(), e);
    }
    if (!Files.exists(dir.resolve(DONE))) {
      throw new IOException("dex cache entry " + dir + " is incomplete; delete it");
    }
    return dir;
  }

  /**
   * Removes the least recently used entries (never one this build used) until the cache fits its
   * bound, and temporary folders left by builds that died.
   */
  void prune() throws IOException {
    if (!Files.isDirectory(root)) {
      return;
    }
    List<Path> entries = new ArrayList<>();
    Instant abandoned = Instant.now().minus(ABANDONED);
    try (Stream<Path> list = Files.list(root)) {
      for (Path p : list.toList()) {
        if (p.getFileName().toString().contains(TMP)) {
          if (Files.getLastModifiedTime(p).toInstant().isBefore(abandoned)) {
            AndroidResourcesMojo.deleteTree(p);
          }
        } else if (Files.isDirectory(p)) {
          entries.add(p);
        }
      }
    }
    entries.sort(Comparator.comparing(DexCache::lastUsed));
    long total = 0;
    for (Path e : entries) {
      total += size(e);
    }
    for (Path e : entries) {
      if (total <= maxBytes) {
        break;
      }
      if (!usedThisBuild.contains(e)) {
        total -= size(e);
        AndroidResourcesMojo.deleteTree(e);
      }
    }
  }

  static String sha256(Path file) throws IOException {
    MessageDigest sha = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        sha.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** The SHA-256 of a file's bytes, read once for the life of this cache object (one build). */
  String contentHash(Path file) throws IOException {
    String known = hashes.get(file);
    if (known == null) {
      known = sha256(file);
      hashes.put(file, known);
    }
    return known;
  }

  private String key(Path jar, String settings) throws IOException {
    MessageDigest sha = sha256();
    sha.update(contentHash(jar).getBytes(StandardCharsets.UTF_8));
    sha.update(settings.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(sha.digest()).substring(0, 40);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static FileTime lastUsed(Path entry) {
    try {
      Path done = entry.resolve(DONE);
      return Files.exists(done) ? Files.getLastModifiedTime(done) : FileTime.fromMillis(0);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      long total = 0;
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        total += Files.size(f);
      }
      return total;
    }
  }
}
