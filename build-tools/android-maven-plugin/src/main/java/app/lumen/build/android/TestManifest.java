package app.lumen.build.android;

/**
 * The manifest of an instrumentation test APK before merging, as the Android Gradle plugin writes
 * it for {@code assembleDebugAndroidTest}: the test package, the runner as {@code
 * <instrumentation>} of the app under test, and the platform's JUnit 3 library that the runner's
 * legacy support links against. {@code <uses-sdk>} comes from the merger (it rejects the element in
 * the main manifest).
 */
final class TestManifest {
  private TestManifest() {}

  static String xml(String testPackage, String targetPackage, String runner) {
    return """
        <?xml version="1.0" encoding="utf-8"?>
        <manifest xmlns:android="http://schemas.android.com/apk/res/android"
            package="%1$s">
            <application>
                <uses-library android:name="android.test.runner" />
            </application>
            <instrumentation
                android:name="%3$s"
                android:targetPackage="%2$s"
                android:handleProfiling="false"
                android:functionalTest="false"
                android:label="Tests for %2$s" />
        </manifest>
        """
        .formatted(attribute(testPackage), attribute(targetPackage), attribute(runner));
  }

  private static String attribute(String value) {
    return value
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
