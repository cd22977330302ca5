package app.lumen.testkit.internal;

import app.lumen.testkit.onnx.Tensor;
import java.io.IOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends tensor bytes to one external data file ({@code <model>.onnx_data}) and hands back where
 * each tensor landed. Tensors start on 4 KiB boundaries so a runtime can memory-map them.
 *
 * <p>Not thread-safe; close it before the model file that points into it is used.
 */
public final class ExternalDataWriter implements AutoCloseable {
  private static final int ALIGNMENT = 4096;

  private final String location;
  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(8 << 20);
  private long position;
  private boolean closed;

  /**
   * @param location the file name as the model will reference it (relative to the model)
   */
  public ExternalDataWriter(Path file, String location) throws IOException {
    this.location = location;
    this.channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
  }

  /** Source of a tensor's bytes: fills {@code out} (its remaining space) with the next bytes. */
  public interface ByteSource {
    void fill(ByteBuffer out);
  }

  /** Writes {@code length} bytes from {@code source} and returns their location. */
  public Tensor.ExternalData append(long length, ByteSource source) throws IOException {
    if (closed) {
      throw new IllegalStateException("external data file " + location + " is closed");
    }
    pad();
    long start = position;
    long left = length;
    while (left > 0) {
      // Through Buffer: the ByteBuffer-returning overrides are Java 9 and absent on older Android.
      ((Buffer) buffer).clear();
      ((Buffer) buffer).limit((int) Math.min(buffer.capacity(), left));
      source.fill(buffer);
      if (buffer.hasRemaining()) {
        throw new IllegalStateException("byte source stopped early for " + location);
      }
      ((Buffer) buffer).flip();
      left -= buffer.remaining();
      writeBuffer();
    }
    return new Tensor.ExternalData(location, start, length);
  }

  /** Bytes written so far (including alignment padding). */
  public long size() {
    return position;
  }

  private void pad() throws IOException {
    int gap = (int) ((ALIGNMENT - position % ALIGNMENT) % ALIGNMENT);
    if (gap > 0) {
      ((Buffer) buffer).clear();
      buffer.put(new byte[gap]);
      ((Buffer) buffer).flip();
      writeBuffer();
    }
  }

  private void writeBuffer() throws IOException {
    while (buffer.hasRemaining()) {
      position += channel.write(buffer);
    }
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      channel.close();
    }
  }
}
