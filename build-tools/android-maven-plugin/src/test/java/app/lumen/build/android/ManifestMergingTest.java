package app.lumen.build.android;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import app.lumen.build.android.AndroidLibraries.Library;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The app's manifest merged with small hand-written library manifests by Google's merger, as the
 * resources goal merges them: components, permissions and meta-data come in with the application id
 * substituted, the app's {@code tools:} markers win, and failures name the files.
 */
public class ManifestMergingTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static final String ANDROID = "http://schemas.android.com/apk/res/android";
  private static final String TOOLS = "http://schemas.android.com/tools";

  /** A library in the style of androidx.startup and WorkManager: components keyed by the app. */
  private static final String ANALYTICS =
      """
      <manifest xmlns:android="http://schemas.android.com/apk/res/android"
          package="lib.analytics">
        <uses-sdk android:minSdkVersion="21"/>
        <uses-permission android:name="android.permission.ACCESS_NETWORK_STATE"/>
        <permission android:name="${applicationId}.permission.ANALYTICS"
            android:protectionLevel="signature"/>
        <uses-permission android:name="${applicationId}.permission.ANALYTICS"/>
        <application android:allowBackup="false">
          <service android:name="lib.analytics.UploadService" android:exported="false"/>
          <provider android:name="lib.analytics.InitProvider"
              android:authorities="${applicationId}.analytics-init" android:exported="false"/>
          <meta-data android:name="lib.analytics.VERSION" android:value="3"/>
        </application>
      </manifest>
      """;

  private final ManifestMerging merging = new ManifestMerging("app.demo", 29, 35, 7, "1.2.3");

  private Path appManifest(String applicationAttributes, String body) throws Exception {
    return appManifest(applicationAttributes, body, "");
  }

  private Path appManifest(String applicationAttributes, String body, String components)
      throws Exception {
    return Files.writeString(
        tmp.newFolder().toPath().resolve("AndroidManifest.xml"),
        """
        <manifest xmlns:android="http://schemas.android.com/apk/res/android"
            xmlns:tools="http://schemas.android.com/tools" package="app.demo">
          %s
          <application android:label="Demo" %s>
            <activity android:name=".MainActivity" android:exported="true"/>
            %s
          </application>
        </manifest>
        """
            .formatted(body, applicationAttributes, components));
  }

  private Library library(String artifactId, String manifest) throws Exception {
    return TestInputs.aar(
        tmp.newFolder(artifactId).toPath(),
        artifactId,
        false,
        Map.of("AndroidManifest.xml", manifest));
  }

  private Document merge(Path app, Library... libraries) throws Exception {
    Path out = tmp.getRoot().toPath().resolve("merged/AndroidManifest.xml");
    merging.merge(app, List.of(libraries), out);
    String text = Files.readString(out);
    assertFalse(text, text.contains("${"));
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder().parse(out.toFile());
  }

  /** The {@code android:name} of each {@code tag} element, in document order. */
  private static List<String> names(Document doc, String tag) {
    List<String> names = new ArrayList<>();
    NodeList nodes = doc.getElementsByTagName(tag);
    for (int i = 0; i < nodes.getLength(); i++) {
      names.add(((Element) nodes.item(i)).getAttributeNS(ANDROID, "name"));
    }
    return names;
  }

  /** The {@code tools:} attributes left in a document. */
  private static List<String> toolsAttributes(Document doc) {
    List<String> found = new ArrayList<>();
    NodeList elements = doc.getElementsByTagName("*");
    for (int i = 0; i < elements.getLength(); i++) {
      var attributes = elements.item(i).getAttributes();
      for (int a = 0; a < attributes.getLength(); a++) {
        if (TOOLS.equals(attributes.item(a).getNamespaceURI())) {
          found.add(attributes.item(a).getNodeName());
        }
      }
    }
    return found;
  }

  private static Element only(Document doc, String tag) {
    NodeList nodes = doc.getElementsByTagName(tag);
    assertEquals(tag, 1, nodes.getLength());
    return (Element) nodes.item(0);
  }

  @Test
  public void libraryComponentsPermissionsAndMetaData_areMerged_withTheApplicationId()
      throws Exception {
    Document doc =
        merge(appManifest("android:allowBackup=\"false\"", ""), library("analytics", ANALYTICS));

    assertEquals(List.of("app.demo.MainActivity"), names(doc, "activity"));
    assertEquals(List.of("lib.analytics.UploadService"), names(doc, "service"));
    assertEquals(List.of("lib.analytics.InitProvider"), names(doc, "provider"));
    assertEquals(
        "app.demo.analytics-init", only(doc, "provider").getAttributeNS(ANDROID, "authorities"));
    assertEquals(List.of("app.demo.permission.ANALYTICS"), names(doc, "permission"));
    assertEquals(
        List.of("android.permission.ACCESS_NETWORK_STATE", "app.demo.permission.ANALYTICS"),
        names(doc, "uses-permission"));
    Element meta = only(doc, "meta-data");
    assertEquals("lib.analytics.VERSION", meta.getAttributeNS(ANDROID, "name"));
    assertEquals("3", meta.getAttributeNS(ANDROID, "value"));
  }

  @Test
  public void appsSdkLevelsVersionsAndPackage_areApplied() throws Exception {
    Document doc =
        merge(appManifest("android:allowBackup=\"false\"", ""), library("analytics", ANALYTICS));

    Element manifest = doc.getDocumentElement();
    assertEquals("app.demo", manifest.getAttribute("package"));
    assertEquals("7", manifest.getAttributeNS(ANDROID, "versionCode"));
    assertEquals("1.2.3", manifest.getAttributeNS(ANDROID, "versionName"));
    Element usesSdk = only(doc, "uses-sdk");
    assertEquals("29", usesSdk.getAttributeNS(ANDROID, "minSdkVersion"));
    assertEquals("35", usesSdk.getAttributeNS(ANDROID, "targetSdkVersion"));
  }

  @Test
  public void toolsNodeRemove_dropsTheLibrarysPermissionAndProvider_only() throws Exception {
    Path app =
        appManifest(
            "android:allowBackup=\"false\"",
            """
            <uses-permission android:name="android.permission.ACCESS_NETWORK_STATE"
                tools:node="remove"/>
            """,
            """
            <provider android:name="lib.analytics.InitProvider" tools:node="remove"/>
            """);
    Document doc = merge(app, library("analytics", ANALYTICS));

    assertEquals(List.of("app.demo.permission.ANALYTICS"), names(doc, "uses-permission"));
    assertEquals(List.of(), names(doc, "provider"));
    assertEquals("markers do not reach aapt2", List.of(), toolsAttributes(doc));
    assertEquals(List.of("lib.analytics.UploadService"), names(doc, "service"));
  }

  @Test
  public void toolsReplace_keepsTheAppsValue() throws Exception {
    Path app =
        appManifest("android:allowBackup=\"true\" tools:replace=\"android:allowBackup\"", "");
    Document doc = merge(app, library("analytics", ANALYTICS));

    assertEquals("true", only(doc, "application").getAttributeNS(ANDROID, "allowBackup"));
  }

  @Test
  public void conflictingAttribute_failsWithATypedError_namingBothFilesAndTheLibrary()
      throws Exception {
    Path app = appManifest("android:allowBackup=\"true\"", "");
    Library analytics = library("analytics", ANALYTICS);

    ManifestMergeException e =
        assertThrows(ManifestMergeException.class, () -> merge(app, analytics));

    assertEquals(e.problems().toString(), 1, e.problems().size());
    ManifestMergeException.Problem problem = e.problems().get(0);
    assertEquals(app, problem.file());
    assertEquals(
        List.of(
            new ManifestMergeException.LibraryManifest(
                "lumen.test:analytics:1.0", analytics.manifest())),
        problem.libraries());
    assertTrue(problem.message(), problem.message().contains("allowBackup"));
    assertTrue(e.getMessage(), e.getMessage().contains(app.toString()));
    assertTrue(
        e.getMessage(),
        e.getMessage().contains("library lumen.test:analytics:1.0 (" + analytics.manifest() + ")"));
  }

  @Test
  public void libraryNeedingAHigherMinSdk_failsTheBuild_namingTheLibrary() throws Exception {
    Library modern =
        library(
            "modern",
            """
            <manifest xmlns:android="http://schemas.android.com/apk/res/android"
                package="lib.modern"><uses-sdk android:minSdkVersion="31"/></manifest>
            """);
    Library analytics = library("analytics", ANALYTICS);
    Path app = appManifest("android:allowBackup=\"false\"", "");

    ManifestMergeException e =
        assertThrows(ManifestMergeException.class, () -> merge(app, analytics, modern));

    assertEquals(e.problems().toString(), 1, e.problems().size());
    ManifestMergeException.Problem problem = e.problems().get(0);
    assertEquals(
        List.of(
            new ManifestMergeException.LibraryManifest("lumen.test:modern:1.0", modern.manifest())),
        problem.libraries());
    assertTrue(problem.message(), problem.message().contains("minSdkVersion 29"));
    assertTrue(problem.message(), problem.message().contains("31"));
    assertTrue(e.getMessage(), e.getMessage().contains("library lumen.test:modern:1.0"));
  }

  @Test
  public void libraryWithoutManifest_isLeftOut() throws Exception {
    Library classesOnly = TestInputs.aar(tmp.newFolder("plain").toPath(), "plain", false, Map.of());
    Document doc =
        merge(
            appManifest("android:allowBackup=\"false\"", ""),
            classesOnly,
            library("analytics", ANALYTICS));

    assertEquals(List.of("lib.analytics.UploadService"), names(doc, "service"));
  }
}
