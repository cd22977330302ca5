package app.lumen.build.android;

import com.android.apksig.ApkSigner;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.UUID;
import org.apache.maven.plugin.MojoExecutionException;

/** Signs APKs (v2 + v3), with a generated debug key unless a release key is configured. */
final class ApkSigning {
  static final String DEBUG_PASSWORD = "android";
  static final String DEBUG_ALIAS = "androiddebugkey";

  private final Path keystore;
  private final String storePassword;
  private final String alias;
  private final String keyPassword;

  ApkSigning(Path keystore, String storePassword, String alias, String keyPassword) {
    this.keystore = keystore;
    this.storePassword = storePassword;
    this.alias = alias;
    this.keyPassword = keyPassword;
  }

  /**
   * The debug key, created on first use (kept outside target/ so reinstalls keep working), readable
   * by its owner only. Two builds creating it at once end with one key: each generates into a
   * private file and links it into place, which fails if the other was first.
   */
  static ApkSigning debugKey(Path keystore) throws MojoExecutionException {
    try {
      if (!Files.exists(keystore)) {
        create(keystore);
      }
      ownerOnly(keystore);
    } catch (IOException e) {
      throw new MojoExecutionException("cannot create the debug keystore " + keystore, e);
    }
    return new ApkSigning(keystore, DEBUG_PASSWORD, DEBUG_ALIAS, DEBUG_PASSWORD);
  }

  private static void create(Path keystore) throws IOException, MojoExecutionException {
    Files.createDirectories(keystore.getParent());
    Path tmp = keystore.resolveSibling(keystore.getFileName() + ".tmp-" + UUID.randomUUID());
    Files.deleteIfExists(tmp);
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    try {
      Tools.run(
          List.of(
              keytool.toString(),
              "-genkeypair",
              "-keystore",
              tmp.toString(),
              "-storetype",
              "PKCS12",
              "-storepass",
              DEBUG_PASSWORD,
              "-keypass",
              DEBUG_PASSWORD,
              "-alias",
              DEBUG_ALIAS,
              "-keyalg",
              "RSA",
              "-keysize",
              "2048",
              "-validity",
              "10000",
              "-dname",
              "CN=Lumen Debug,O=Lumen,C=US"),
          keystore.getParent());
      ownerOnly(tmp);
      try {
        Files.createLink(keystore, tmp);
      } catch (FileAlreadyExistsException e) {
        // Another build created it meanwhile; use theirs so both builds sign alike.
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void ownerOnly(Path file) throws IOException {
    if (Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }

  void sign(File unsigned, File signed, int minSdk) throws MojoExecutionException {
    try {
      KeyStore ks = KeyStore.getInstance(keystore.toString().endsWith(".jks") ? "JKS" : "PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        ks.load(in, storePassword.toCharArray());
      }
      PrivateKey key = (PrivateKey) ks.getKey(alias, keyPassword.toCharArray());
      if (key == null) {
        throw new MojoExecutionException("no key '" + alias + "' in " + keystore);
      }
      X509Certificate cert = (X509Certificate) ks.getCertificate(alias);
      ApkSigner.SignerConfig signer =
          new ApkSigner.SignerConfig.Builder("lumen", key, List.of(cert)).build();
      new ApkSigner.Builder(List.of(signer))
          .setInputApk(unsigned)
          .setOutputApk(signed)
          .setMinSdkVersion(minSdk)
          .setV1SigningEnabled(false) // minSdk 29 verifies v2/v3 only.
          .setV2SigningEnabled(true)
          .setV3SigningEnabled(true)
          .setAlignmentPreserved(true) // AlignedZipWriter already placed every entry.
          .build()
          .sign();
    } catch (MojoExecutionException e) {
      throw e;
    } catch (Exception e) {
      throw new MojoExecutionException("signing " + unsigned + " failed: " + e, e);
    }
  }
}
