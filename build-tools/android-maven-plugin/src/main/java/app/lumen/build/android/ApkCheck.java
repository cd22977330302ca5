package app.lumen.build.android;

import com.android.apksig.ApkVerifier;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Checks a built APK: signature, entry alignment, and no native code Android cannot load. */
final class ApkCheck {
  private ApkCheck() {}

  /** Problems found, one line each; empty when the APK is sound. */
  static List<String> problems(File apk, int minSdk) throws IOException {
    List<String> problems = new ArrayList<>();
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
        if (nativeCode && !name.matches("lib/(arm64-v8a|armeabi-v7a|x86|x86_64)/[^/]+\\.so")) {
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
      }
    }
    try {
      ApkVerifier.Result result =
          new ApkVerifier.Builder(apk).setMinCheckedPlatformVersion(minSdk).build().verify();
      if (!result.isVerified()) {
        result.getErrors().forEach(err -> problems.add("signature: " + err));
      }
    } catch (Exception e) {
      problems.add("signature: cannot verify: " + e);
    }
    return problems;
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
