package app.lumen.build.android;

import com.android.apksig.ApkVerifier;
import com.android.apksig.internal.apk.AndroidBinXmlParser;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Checks that a test APK can instrument the app: same signing certificate (Android refuses to
 * instrument a package signed by another key), an {@code <instrumentation>} of the runner that
 * targets the app, the runner and every compiled test in its dex, and no class in both APKs (the
 * tests run in the app's process, where a class defined twice fails with "Class resolved by
 * unexpected DEX").
 */
final class TestApkCheck {
  private static final String ANDROID_NAMESPACE = "http://schemas.android.com/apk/res/android";

  /** The shown names of classes in both APKs; the count is always shown. */
  private static final int SHOWN_DUPLICATES = 5;

  /** What a test APK's manifest says about itself and the package it instruments. */
  record Instrumentation(String testPackage, String runner, String targetPackage) {}

  private TestApkCheck() {}

  /**
   * Problems found, one line each; empty when the test APK fits the app.
   *
   * @param testClasses internal names of the compiled instrumented tests
   */
  static List<String> problems(
      File testApk,
      File appApk,
      Instrumentation expected,
      Set<String> testClasses,
      Set<String> appClasses)
      throws IOException {
    List<String> problems = new ArrayList<>();
    List<String> testSigners = signers(testApk);
    List<String> appSigners = signers(appApk);
    if (!testSigners.equals(appSigners)) {
      problems.add(
          "signed by "
              + testSigners
              + ", the app by "
              + appSigners
              + ": Android refuses to run it");
    }

    List<Instrumentation> found;
    try (ZipFile zip = new ZipFile(testApk)) {
      ZipEntry manifest = zip.getEntry("AndroidManifest.xml");
      if (manifest == null) {
        found = List.of();
        problems.add("AndroidManifest.xml missing");
      } else {
        try (InputStream in = zip.getInputStream(manifest)) {
          found = instrumentations(ByteBuffer.wrap(in.readAllBytes()));
        }
      }
    }
    if (!found.contains(expected)) {
      problems.add("AndroidManifest.xml: expected " + expected + ", found " + found);
    }

    Set<String> dexClasses = DexClasses.ofApk(testApk);
    Set<String> missing = new TreeSet<>(testClasses);
    missing.add(expected.runner().replace('.', '/'));
    missing.removeAll(dexClasses);
    for (String name : missing) {
      problems.add(name.replace('/', '.') + " is not in the dex");
    }

    Set<String> both = new TreeSet<>(dexClasses);
    both.retainAll(appClasses);
    // d8 defines its own annotation types (LambdaMethod marks the lambdas of debug builds) in every
    // dex it makes. The same d8 writes both APKs, so both copies are the same public interface,
    // resolved only when reflection reads a synthesized lambda's annotations: harmless.
    both.removeIf(name -> name.startsWith(MinSdkCheck.D8_ANNOTATIONS));
    if (!both.isEmpty()) {
      problems.add(
          both.size()
              + " classes are defined in both APKs, e.g. "
              + String.join(", ", both.stream().limit(SHOWN_DUPLICATES).toList()));
    }
    return problems;
  }

  /**
   * References to {@code R} classes that neither APK defines: the test APK links its libraries'
   * resources (for their manifests) but generates no {@code R} classes, as no test library reads
   * its resources by id; one that started to would fail on the device.
   */
  static List<String> missingRClasses(List<DexReferences.Reference> missing) {
    Set<String> problems = new TreeSet<>();
    for (DexReferences.Reference m : missing) {
      if (m.targetClass().matches("(.*/)?R(\\$[a-z]+)?")) {
        problems.add(
            m.targetClass().replace('/', '.')
                + " is missing (the test APK has no R classes); used by "
                + m.fromClass().replace('/', '.'));
      }
    }
    return new ArrayList<>(problems);
  }

  /**
   * The {@code <instrumentation>} elements of a binary manifest (several are allowed), each with
   * the manifest's package.
   */
  static List<Instrumentation> instrumentations(ByteBuffer manifest) throws IOException {
    List<Instrumentation> found = new ArrayList<>();
    String testPackage = null;
    try {
      AndroidBinXmlParser parser = new AndroidBinXmlParser(manifest);
      for (int event = parser.getEventType();
          event != AndroidBinXmlParser.EVENT_END_DOCUMENT;
          event = parser.next()) {
        if (event != AndroidBinXmlParser.EVENT_START_ELEMENT) {
          continue;
        }
        if (parser.getDepth() == 1 && parser.getName().equals("manifest")) {
          testPackage = attribute(parser, "", "package");
        } else if (parser.getDepth() == 2 && parser.getName().equals("instrumentation")) {
          found.add(
              new Instrumentation(
                  testPackage,
                  attribute(parser, ANDROID_NAMESPACE, "name"),
                  attribute(parser, ANDROID_NAMESPACE, "targetPackage")));
        }
      }
    } catch (AndroidBinXmlParser.XmlParserException e) {
      throw new IOException("AndroidManifest.xml: " + e.getMessage(), e);
    }
    return found;
  }

  private static String attribute(AndroidBinXmlParser parser, String namespace, String name)
      throws AndroidBinXmlParser.XmlParserException {
    for (int i = 0; i < parser.getAttributeCount(); i++) {
      if (parser.getAttributeName(i).equals(name)
          && parser.getAttributeNamespace(i).equals(namespace)) {
        return parser.getAttributeStringValue(i);
      }
    }
    return null;
  }

  /** SHA-256 fingerprints of the certificates an APK's signature verifies with. */
  private static List<String> signers(File apk) throws IOException {
    try {
      ApkVerifier.Result result = new ApkVerifier.Builder(apk).build().verify();
      if (!result.isVerified()) {
        return List.of("nothing (" + apk.getName() + " does not verify)");
      }
      List<String> fingerprints = new ArrayList<>();
      for (X509Certificate cert : result.getSignerCertificates()) {
        fingerprints.add(fingerprint(cert));
      }
      return fingerprints;
    } catch (Exception e) {
      throw new IOException("cannot verify " + apk + ": " + e, e);
    }
  }

  private static String fingerprint(X509Certificate cert) throws CertificateEncodingException {
    try {
      return HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()))
          .substring(0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
