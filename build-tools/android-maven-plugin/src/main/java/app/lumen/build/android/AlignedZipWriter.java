package app.lumen.build.android;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes an APK zip whose stored entries start at aligned offsets.
 *
 * <p>Android maps stored entries straight from the APK: {@code resources.arsc} and other stored
 * files need 4-byte alignment, and native libraries must start on a page boundary to load without
 * extraction (16 KB covers devices with 16 KB pages). Padding goes into an extra field with
 * zipalign's id, so the signer and {@code zipalign -c} recognise it.
 */
final class AlignedZipWriter implements AutoCloseable {
  static final int DEFAULT_ALIGNMENT = 4;
  static final int NATIVE_LIBRARY_ALIGNMENT = 16 * 1024;
  private static final int ZIPALIGN_EXTRA_ID = 0xD935;
  private static final int LOCAL_HEADER_SIZE = 30;
  // A fixed time keeps the APK reproducible (DOS time, so no extended-timestamp extra is added).
  static final long FIXED_TIME = 315532800000L + 86400000L * 366;

  private final CountingStream counter;
  private final ZipOutputStream zip;

  AlignedZipWriter(Path file) throws IOException {
    counter = new CountingStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    zip = new ZipOutputStream(counter);
  }

  /** Adds a compressed entry. */
  void deflated(String name, byte[] data) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setTime(FIXED_TIME);
    e.setMethod(ZipEntry.DEFLATED);
    zip.putNextEntry(e);
    zip.write(data);
    zip.closeEntry();
  }

  /** Adds an uncompressed entry whose data starts at a multiple of {@code alignment}. */
  void stored(String name, byte[] data, int alignment) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setTime(FIXED_TIME);
    e.setMethod(ZipEntry.STORED);
    e.setSize(data.length);
    e.setCompressedSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    e.setCrc(crc.getValue());
    int nameLength = name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    long dataStart = counter.count + LOCAL_HEADER_SIZE + nameLength + 6;
    int padding = (int) ((alignment - dataStart % alignment) % alignment);
    byte[] extra = new byte[6 + padding];
    extra[0] = (byte) ZIPALIGN_EXTRA_ID;
    extra[1] = (byte) (ZIPALIGN_EXTRA_ID >>> 8);
    extra[2] = (byte) (2 + padding);
    extra[3] = (byte) ((2 + padding) >>> 8);
    extra[4] = (byte) alignment;
    extra[5] = (byte) (alignment >>> 8);
    e.setExtra(extra);
    zip.putNextEntry(e);
    zip.write(data);
    zip.closeEntry();
  }

  static int alignmentFor(String name) {
    return name.endsWith(".so") ? NATIVE_LIBRARY_ALIGNMENT : DEFAULT_ALIGNMENT;
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }

  private static final class CountingStream extends FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
