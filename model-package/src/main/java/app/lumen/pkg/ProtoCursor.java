package app.lumen.pkg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read position in a protobuf message, for walking ONNX files without a protobuf library and
 * without decoding what is skipped. Errors in the encoding are {@link IllegalArgumentException}s.
 *
 * <p>Not thread-safe: one walk per cursor.
 */
final class ProtoCursor {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  private final ByteBuffer bytes;
  private int at;

  private ProtoCursor(ByteBuffer bytes) {
    this.bytes = bytes;
  }

  /**
   * A cursor at the start of {@code file}, mapped rather than read, so skipping the weights of a
   * graph that embeds them reads none of their pages.
   */
  static ProtoCursor map(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return new ProtoCursor(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()));
    }
  }

  /** Where the mapped bytes end. */
  int limit() {
    return bytes.limit();
  }

  int position() {
    return at;
  }

  void seek(int position) {
    at = position;
  }

  /** Reads a varint ending before {@code to}. */
  long varint(int to) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at >= to) {
        throw new IllegalArgumentException("truncated protobuf varint");
      }
      byte x = bytes.get(at++);
      value |= (long) (x & 0x7f) << shift;
      if (x >= 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("protobuf varint longer than 10 bytes");
  }

  /**
   * The end of a field of {@code length} bytes starting at the position, checked against {@code
   * to}.
   */
  int end(long length, int to) {
    if (length < 0 || length > to - at) {
      throw new IllegalArgumentException("truncated protobuf field");
    }
    return at + (int) length;
  }

  /**
   * Skips the value of a field of wire type {@code wire} (a length-delimited one whose length was
   * not read yet).
   */
  void skip(int wire, int to) {
    switch (wire) {
      case VARINT -> varint(to);
      case FIXED64 -> at = end(8, to);
      case FIXED32 -> at = end(4, to);
      case LENGTH_DELIMITED -> at = end(varint(to), to);
      default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wire);
    }
  }

  /** The UTF-8 text from the position up to {@code end}, leaving the position at {@code end}. */
  String text(int end) {
    byte[] text = new byte[end - at];
    for (int i = 0; i < text.length; i++) {
      text[i] = bytes.get(at + i); // absolute bulk get needs a newer Android than ours
    }
    at = end;
    return new String(text, StandardCharsets.UTF_8);
  }
}
