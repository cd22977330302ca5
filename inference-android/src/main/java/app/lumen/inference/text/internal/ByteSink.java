package app.lumen.inference.text.internal;

import java.util.Arrays;

/** A growable byte buffer that can also drop bytes from its front. Not thread-safe. */
final class ByteSink {
  private byte[] bytes;
  private int length;

  ByteSink(int capacity) {
    bytes = new byte[Math.max(8, capacity)];
  }

  void add(byte value) {
    ensure(1);
    bytes[length++] = value;
  }

  void add(byte[] values) {
    ensure(values.length);
    System.arraycopy(values, 0, bytes, length, values.length);
    length += values.length;
  }

  byte[] array() {
    return bytes;
  }

  int length() {
    return length;
  }

  /** Keeps only the bytes from {@code from} on, moved to the front. */
  void keepFrom(int from) {
    System.arraycopy(bytes, from, bytes, 0, length - from);
    length -= from;
  }

  private void ensure(int extra) {
    if (length + extra > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
    }
  }
}
