package app.lumen.build.android;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class DexCacheTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private Path jar(String content) throws IOException {
    return Files.writeString(tmp.newFile().toPath(), content);
  }

  @Test
  public void entry_isMadeOnce_perJarContentAndSettings() throws Exception {
    DexCache cache = new DexCache(tmp.newFolder("cache").toPath(), Long.MAX_VALUE);
    AtomicInteger made = new AtomicInteger();
    DexCache.Producer producer =
        dir -> {
          made.incrementAndGet();
          Files.writeString(dir.resolve("classes.dex"), "dex");
        };
    Path a = cache.entry(jar("one"), "d8 1", producer);
    assertEquals(a, cache.entry(jar("one"), "d8 1", producer));
    assertEquals(1, made.get());
    assertNotEquals(a, cache.entry(jar("one"), "d8 2", producer));
    assertNotEquals(a, cache.entry(jar("two"), "d8 1", producer));
    assertEquals(3, made.get());
    assertEquals("dex", Files.readString(a.resolve("classes.dex")));
  }

  @Test
  public void failedProducer_leavesNoEntry_andNoTemporaryFolder() throws Exception {
    Path root = tmp.newFolder("cache").toPath();
    DexCache cache = new DexCache(root, Long.MAX_VALUE);
    Path jar = jar("one");
    assertThrows(
        IOException.class,
        () ->
            cache.entry(
                jar,
                "s",
                dir -> {
                  Files.writeString(dir.resolve("classes.dex"), "half");
                  throw new IOException("disk full");
                }));
    assertEquals(List.of(), list(root));
    Path made =
        cache.entry(jar, "s", dir -> Files.writeString(dir.resolve("classes.dex"), "whole"));
    assertEquals("whole", Files.readString(made.resolve("classes.dex")));
  }

  /** Two builds making the same entry at once: both end with one complete entry. */
  @Test
  public void concurrentMakers_endWithOneCompleteEntry() throws Exception {
    Path root = tmp.newFolder("cache").toPath();
    DexCache cache = new DexCache(root, Long.MAX_VALUE);
    Path jar = jar("one");
    CountDownLatch bothProducing = new CountDownLatch(2);
    DexCache.Producer producer =
        dir -> {
          bothProducing.countDown();
          bothProducing.await();
          Files.writeString(dir.resolve("classes.dex"), "dex");
        };
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Path> first = pool.submit(() -> cache.entry(jar, "s", producer));
      Future<Path> second = pool.submit(() -> cache.entry(jar, "s", producer));
      assertEquals(first.get(), second.get());
    } finally {
      pool.shutdownNow();
    }
    List<Path> entries = list(root);
    assertEquals(entries.toString(), 1, entries.size());
    assertEquals("dex", Files.readString(entries.get(0).resolve("classes.dex")));
  }

  @Test
  public void prune_dropsLeastRecentlyUsed_untilWithinBound_neverWhatThisBuildUsed()
      throws Exception {
    Path root = tmp.newFolder("cache").toPath();
    DexCache earlier = new DexCache(root, Long.MAX_VALUE);
    Path oldest =
        earlier.entry(jar("a"), "s", dir -> Files.write(dir.resolve("x"), new byte[1000]));
    Path older = earlier.entry(jar("b"), "s", dir -> Files.write(dir.resolve("x"), new byte[1000]));
    Files.setLastModifiedTime(oldest.resolve(".done"), FileTime.fromMillis(1_000));
    Files.setLastModifiedTime(older.resolve(".done"), FileTime.fromMillis(2_000));

    DexCache now = new DexCache(root, 2_500);
    Path current = now.entry(jar("c"), "s", dir -> Files.write(dir.resolve("x"), new byte[1000]));
    Files.setLastModifiedTime(current.resolve(".done"), FileTime.fromMillis(500));
    now.prune();
    assertFalse(Files.exists(oldest));
    assertTrue(Files.exists(older));
    assertTrue("used by this build, however old", Files.exists(current));
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }
}
