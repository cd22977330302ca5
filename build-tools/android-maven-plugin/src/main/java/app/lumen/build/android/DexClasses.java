package app.lumen.build.android;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The classes an APK defines: the {@code class_defs} of its {@code classes*.dex} files, read
 * straight from the dex format (header, {@code string_ids}, {@code type_ids}).
 *
 * <p>Names are internal names ({@code app/lumen/app/MainActivity}), as in class files and jars.
 */
final class DexClasses {
  private static final int STRING_IDS_OFF = 0x3C;
  private static final int TYPE_IDS_OFF = 0x44;
  private static final int CLASS_DEFS_SIZE = 0x60;
  private static final int CLASS_DEFS_OFF = 0x64;

  /** A {@code class_def_item} is eight 32-bit fields. */
  private static final int CLASS_DEF_SIZE = 32;

  private DexClasses() {}

  /** Whether an APK entry is one of the dex files Android loads ({@code classes.dex}, ...). */
  static boolean isDex(String entryName) {
    return entryName.matches("classes\\d*\\.dex");
  }

  /** The classes defined by every dex file of an APK. */
  static Set<String> ofApk(File apk) throws IOException {
    Set<String> classes = new TreeSet<>();
    try (ZipFile zip = new ZipFile(apk)) {
      for (ZipEntry e : zip.stream().filter(e -> isDex(e.getName())).toList()) {
        try (InputStream in = zip.getInputStream(e)) {
          classes.addAll(of(in.readAllBytes()));
        } catch (IOException | RuntimeException ex) {
          throw new IOException(apk.getName() + "!" + e.getName() + ": " + ex.getMessage(), ex);
        }
      }
    }
    return classes;
  }

  /** The classes one dex file defines. */
  static Set<String> of(byte[] dex) throws IOException {
    if (dex.length < 0x70 || !new String(dex, 0, 4, StandardCharsets.US_ASCII).equals("dex\n")) {
      throw new IOException("not a dex file");
    }
    ByteBuffer b = ByteBuffer.wrap(dex).order(ByteOrder.LITTLE_ENDIAN);
    int stringIds = b.getInt(STRING_IDS_OFF);
    int typeIds = b.getInt(TYPE_IDS_OFF);
    int count = b.getInt(CLASS_DEFS_SIZE);
    int classDefs = b.getInt(CLASS_DEFS_OFF);
    Set<String> classes = new TreeSet<>();
    for (int i = 0; i < count; i++) {
      int typeIndex = b.getInt(classDefs + i * CLASS_DEF_SIZE);
      int descriptorIndex = b.getInt(typeIds + typeIndex * 4);
      String descriptor = string(b, b.getInt(stringIds + descriptorIndex * 4));
      if (!descriptor.startsWith("L") || !descriptor.endsWith(";")) {
        throw new IOException("class_defs[" + i + "] is not a class type: " + descriptor);
      }
      classes.add(descriptor.substring(1, descriptor.length() - 1));
    }
    return classes;
  }

  /**
   * A {@code string_data_item}: a ULEB128 length in UTF-16 units, then MUTF-8 bytes ending in 0.
   * Type descriptors are ASCII in practice; other characters decode as UTF-8, which agrees with
   * MUTF-8 everywhere except for NUL and supplementary characters.
   */
  private static String string(ByteBuffer b, int offset) {
    int p = offset;
    while ((b.get(p) & 0x80) != 0) {
      p++;
    }
    p++;
    int end = p;
    while (b.get(end) != 0) {
      end++;
    }
    byte[] bytes = new byte[end - p];
    b.get(p, bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
