package app.lumen.build.android;

import com.android.apksig.ApkVerifier;
import com.android.apksig.apk.ApkUtils;
import com.android.apksig.internal.apk.AndroidBinXmlParser;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Checks a built APK: signature, entry alignment, native libraries for exactly the chosen ABIs and
 * no desktop ones, and the manifest flags that decide how it is installed.
 */
final class ApkCheck {
  private static final Pattern ANDROID_LIBRARY =
      Pattern.compile("lib/(arm64-v8a|armeabi-v7a|x86|x86_64)/[^/]+\\.so");

  /** Android 7.0: the newest level that verifies the v2 scheme and knows no v3. */
  private static final int V2_ONLY_LEVEL = 24;

  private static final String ANDROID_NAMESPACE = "http://schemas.android.com/apk/res/android";

  private ApkCheck() {}

  /**
   * Problems found, one line each; empty when the APK is sound.
   *
   * @param abis the ABIs the APK must carry native libraries for (and no others)
   * @param debuggable whether the APK must be debuggable (debug builds) or must not (release)
   */
  static List<String> problems(File apk, int minSdk, List<String> abis, boolean debuggable)
      throws IOException {
    List<String> problems = new ArrayList<>();
    Set<String> abisWithLibraries = new TreeSet<>();
    try (ZipFile zip = new ZipFile(apk);
        RandomAccessFile raf = new RandomAccessFile(apk, "r")) {
      boolean hasDex = false;
      boolean hasManifest = false;
      for (var en = zip.entries(); en.hasMoreElements(); ) {
        ZipEntry e = en.nextElement();
        String name = e.getName();
        hasDex |= name.equals("classes.dex");
        hasManifest |= name.equals("AndroidManifest.xml");
        boolean nativeCode = name.matches("(?i).*\\.(so|dll|dylib|jnilib)");
        Matcher androidLibrary = ANDROID_LIBRARY.matcher(name);
        if (androidLibrary.matches()) {
          abisWithLibraries.add(androidLibrary.group(1));
        } else if (nativeCode) {
          problems.add(name + ": native code outside lib/<android-abi>/ (a desktop library?)");
        }
        if (e.getMethod() == ZipEntry.STORED) {
          long offset = dataOffset(raf, zip, e);
          int alignment = AlignedZipWriter.alignmentFor(name);
          if (offset % alignment != 0) {
            problems.add(name + ": stored at offset " + offset + ", not " + alignment + "-aligned");
          }
        } else if (name.endsWith(".so") || name.equals("resources.arsc")) {
          problems.add(name + ": compressed; Android needs it stored uncompressed");
        }
      }
      if (!hasDex) {
        problems.add("classes.dex missing");
      }
      if (!hasManifest) {
        problems.add("AndroidManifest.xml missing");
      } else {
        problems.addAll(
            manifestProblems(read(zip, "AndroidManifest.xml"), debuggable, abisWithLibraries));
      }
    }
    if (!abisWithLibraries.isEmpty() && !abisWithLibraries.equals(new TreeSet<>(abis))) {
      problems.add(
          "native libraries for " + abisWithLibraries + ", expected " + new TreeSet<>(abis));
    }
    try {
      ApkVerifier.Result result =
          new ApkVerifier.Builder(apk).setMinCheckedPlatformVersion(minSdk).build().verify();
      if (!result.isVerified()) {
        result.getErrors().forEach(err -> problems.add("signature: " + err));
      } else if (!result.isVerifiedUsingV3Scheme()) {
        problems.add("signature: no APK Signature Scheme v3 block");
      }
      // Android 9+ reads v3 only, so a verifier asked about minSdk 29 does not look at v2: ask it
      // about Android 7-8 to see that the v2 block is there too (stores and tools still read it).
      ApkVerifier.Result v2 =
          new ApkVerifier.Builder(apk)
              .setMinCheckedPlatformVersion(V2_ONLY_LEVEL)
              .setMaxCheckedPlatformVersion(V2_ONLY_LEVEL)
              .build()
              .verify();
      if (result.isVerified() && !v2.isVerifiedUsingV2Scheme()) {
        problems.add("signature: no APK Signature Scheme v2 block");
      }
    } catch (Exception e) {
      problems.add("signature: cannot verify: " + e);
    }
    return problems;
  }

  /** Entries that must be in the APK (e.g. Java resources the app reads at run time). */
  static List<String> missingEntries(File apk, List<String> required) throws IOException {
    List<String> problems = new ArrayList<>();
    try (ZipFile zip = new ZipFile(apk)) {
      for (String name : required) {
        if (zip.getEntry(name) == null) {
          problems.add(name + " missing (the app reads it at run time)");
        }
      }
    }
    return problems;
  }

  private static List<String> manifestProblems(
      ByteBuffer manifest, boolean debuggable, Set<String> abisWithLibraries) {
    List<String> problems = new ArrayList<>();
    try {
      if (ApkUtils.getDebuggableFromBinaryAndroidManifest(manifest.duplicate()) != debuggable) {
        problems.add(
            "AndroidManifest.xml: android:debuggable should be "
                + debuggable
                + (debuggable ? " in a debug build" : " in a release build"));
      }
      Boolean extract = applicationAttribute(manifest.duplicate(), "extractNativeLibs");
      if (!abisWithLibraries.isEmpty() && !Boolean.FALSE.equals(extract)) {
        problems.add(
            "AndroidManifest.xml: android:extractNativeLibs must be false, or the stored native"
                + " libraries are copied out of the APK on install");
      }
    } catch (Exception e) {
      problems.add("AndroidManifest.xml: cannot read: " + e);
    }
    return problems;
  }

  /** A boolean attribute of {@code <application>} in binary XML, or null when absent. */
  private static Boolean applicationAttribute(ByteBuffer manifest, String name) throws Exception {
    AndroidBinXmlParser parser = new AndroidBinXmlParser(manifest);
    for (int event = parser.getEventType();
        event != AndroidBinXmlParser.EVENT_END_DOCUMENT;
        event = parser.next()) {
      if (event == AndroidBinXmlParser.EVENT_START_ELEMENT
          && parser.getDepth() == 2
          && parser.getName().equals("application")) {
        for (int i = 0; i < parser.getAttributeCount(); i++) {
          if (parser.getAttributeName(i).equals(name)
              && parser.getAttributeNamespace(i).equals(ANDROID_NAMESPACE)) {
            return parser.getAttributeBooleanValue(i);
          }
        }
        return null;
      }
    }
    return null;
  }

  private static ByteBuffer read(ZipFile zip, String name) throws IOException {
    try (var in = zip.getInputStream(zip.getEntry(name))) {
      return ByteBuffer.wrap(in.readAllBytes());
    }
  }

  /** Where an entry's data starts: after its local header, whose extra field may differ. */
  static long dataOffset(RandomAccessFile raf, ZipFile zip, ZipEntry e) throws IOException {
    long header = localHeaderOffset(raf, e);
    raf.seek(header + 26);
    int nameLength = Short.toUnsignedInt(Short.reverseBytes(raf.readShort()));
    int extraLength = Short.toUnsignedInt(Short.reverseBytes(raf.readShort()));
    return header + 30 + nameLength + extraLength;
  }

  private static long localHeaderOffset(RandomAccessFile raf, ZipEntry target) throws IOException {
    // java.util.zip hides local header offsets: read them from the central directory.
    long length = raf.length();
    long eocd = -1;
    for (long p = length - 22; p >= Math.max(0, length - 22 - 65535); p--) {
      raf.seek(p);
      if (Integer.reverseBytes(raf.readInt()) == 0x06054b50) {
        eocd = p;
        break;
      }
    }
    if (eocd < 0) {
      throw new IOException("not a zip: no end of central directory");
    }
    raf.seek(eocd + 10);
    int count = Short.toUnsignedInt(Short.reverseBytes(raf.readShort()));
    raf.seek(eocd + 16);
    long cd = Integer.toUnsignedLong(Integer.reverseBytes(raf.readInt()));
    long p = cd;
    for (int i = 0; i < count; i++) {
      raf.seek(p + 28);
      int n = Short.toUnsignedInt(Short.reverseBytes(raf.readShort()));
      int x = Short.toUnsignedInt(Short.reverseBytes(raf.readShort()));
      int c = Short.toUnsignedInt(Short.reverseBytes(raf.readShort()));
      raf.seek(p + 42);
      long local = Integer.toUnsignedLong(Integer.reverseBytes(raf.readInt()));
      byte[] name = new byte[n];
      raf.readFully(name);
      if (new String(name, java.nio.charset.StandardCharsets.UTF_8).equals(target.getName())) {
        return local;
      }
      p += 46 + n + x + c;
    }
    throw new IOException("entry not in central directory: " + target.getName());
  }
}
