package app.lumen.build.android;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Release passwords stay out of the command line and logs; the debug key is private. */
public class ReleaseSigningTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static final String SECRET = "s3cret-Store-Pw";

  @Test
  public void passwords_comeFromAFile() throws Exception {
    Path file = tmp.newFile("passwords.properties").toPath();
    Files.writeString(file, "storePassword=" + SECRET + "\nkeyPassword=keyFromFile\n");
    ReleaseCredentials c = ReleaseCredentials.read(file, null, new Properties());
    assertEquals(SECRET, c.storePassword);
    assertEquals("keyFromFile", c.keyPassword);
  }

  @Test
  public void passwords_comeFromTheSettingsServer_keyDefaultingToTheStores() throws Exception {
    ReleaseCredentials c =
        ReleaseCredentials.read(
            null, new ReleaseCredentials.Server(SECRET, null), new Properties());
    assertEquals(SECRET, c.storePassword);
    assertEquals(SECRET, c.keyPassword);
  }

  @Test
  public void passwordsOnTheCommandLine_areRefused_withoutEchoingThem() {
    Properties cli = new Properties();
    cli.setProperty("lumen.release.storePassword", SECRET);
    MojoExecutionException e =
        assertThrows(
            MojoExecutionException.class,
            () -> ReleaseCredentials.read(null, new ReleaseCredentials.Server("x", null), cli));
    assertTrue(e.getMessage(), e.getMessage().contains("passwordFile"));
    assertFalse(e.getMessage().contains(SECRET));
  }

  @Test
  public void noPassword_saysWhereToPutIt() {
    MojoExecutionException e =
        assertThrows(
            MojoExecutionException.class,
            () -> ReleaseCredentials.read(null, null, new Properties()));
    assertTrue(e.getMessage(), e.getMessage().contains(ReleaseCredentials.SERVER_ID));
    assertTrue(e.getMessage(), e.getMessage().contains("-Dlumen.release.passwordFile"));
  }

  /**
   * Maven's debug output prints every mojo parameter and {@code -D} property: no goal may take a
   * password as either.
   */
  @Test
  public void noMojoParameter_carriesAPassword() {
    for (Class<?> mojo :
        List.of(
            ApkMojo.class,
            AndroidResourcesMojo.class,
            VerifyApkMojo.class,
            AarClasspathMojo.class)) {
      for (Field f : mojo.getDeclaredFields()) {
        if (f.isAnnotationPresent(Parameter.class)) {
          String names = f.getName() + " " + f.getAnnotation(Parameter.class).property();
          assertFalse(
              mojo.getSimpleName() + "." + f.getName(), names.toLowerCase().contains("password"));
        }
      }
    }
  }

  @Test
  public void debugKeystore_isOwnerOnly_andMadeOnceByConcurrentBuilds() throws Exception {
    Path keystore = tmp.getRoot().toPath().resolve("android/lumen-debug.keystore");
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<ApkSigning> a =
          pool.submit(
              () -> {
                start.await();
                return ApkSigning.debugKey(keystore);
              });
      Future<ApkSigning> b =
          pool.submit(
              () -> {
                start.await();
                return ApkSigning.debugKey(keystore);
              });
      start.countDown();
      a.get();
      b.get();
    } finally {
      pool.shutdownNow();
    }
    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keystore)));
    try (var files = Files.list(keystore.getParent())) {
      assertEquals(List.of(keystore), files.toList());
    }
  }

  @Test
  public void signedApk_carriesV2AndV3() throws Exception {
    Path unsigned = tmp.getRoot().toPath().resolve("unsigned.apk");
    try (AlignedZipWriter w = new AlignedZipWriter(unsigned)) {
      w.deflated("AndroidManifest.xml", new byte[] {1});
      w.deflated("classes.dex", new byte[] {1});
    }
    Path signed = tmp.getRoot().toPath().resolve("signed.apk");
    ApkSigning.debugKey(tmp.getRoot().toPath().resolve("debug.keystore"))
        .sign(unsigned.toFile(), signed.toFile(), 29);
    List<String> problems = ApkCheck.problems(signed.toFile(), 29, List.of("arm64-v8a"), true);
    assertFalse(problems.toString(), problems.stream().anyMatch(p -> p.startsWith("signature")));
  }
}
