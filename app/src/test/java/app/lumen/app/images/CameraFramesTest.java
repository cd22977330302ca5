package app.lumen.app.images;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import android.graphics.ImageFormat;
import android.media.Image;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import app.lumen.vision.RgbImage;
import java.nio.ByteBuffer;
import org.junit.Test;
import org.junit.runner.RunWith;

@RunWith(AndroidJUnit4.class)
public class CameraFramesTest {

  @Test
  public void yuvFrame_isRotatedUpright_withThePlanesStrides() {
    // 4x2 frame, luma rows padded to 6 bytes; semi-planar neutral chroma (pixel stride 2).
    byte[] y = new byte[12];
    for (int col = 0; col < 4; col++) {
      y[col] = (byte) (10 * col);
      y[6 + col] = (byte) (100 + 10 * col);
    }
    byte[] chroma = {(byte) 128, (byte) 128, (byte) 128, (byte) 128};
    FakeImage frame =
        new FakeImage(
            ImageFormat.YUV_420_888,
            4,
            2,
            new FakePlane(ByteBuffer.wrap(y), 6, 1),
            new FakePlane(ByteBuffer.wrap(chroma), 4, 2),
            new FakePlane(ByteBuffer.wrap(chroma), 4, 2));
    RgbImage upright = CameraFrames.toRgb(frame, 90);
    assertEquals(2, upright.width());
    assertEquals(4, upright.height());
    assertEquals(100, upright.channel(0, 0, 1)); // bottom-left of the frame is now top-left
    assertEquals(30, upright.channel(1, 3, 1)); // top-right of the frame is now bottom-right
  }

  @Test
  public void otherFormats_areRefused() {
    FakeImage jpeg = new FakeImage(ImageFormat.JPEG, 1, 1);
    assertThrows(IllegalArgumentException.class, () -> CameraFrames.toRgb(jpeg, 0));
  }

  private static final class FakeImage extends Image {
    private final int format;
    private final int width;
    private final int height;
    private final Plane[] planes;

    FakeImage(int format, int width, int height, Plane... planes) {
      this.format = format;
      this.width = width;
      this.height = height;
      this.planes = planes;
    }

    @Override
    public int getFormat() {
      return format;
    }

    @Override
    public int getWidth() {
      return width;
    }

    @Override
    public int getHeight() {
      return height;
    }

    @Override
    public long getTimestamp() {
      return 0;
    }

    // Hidden abstract methods of the platform class (not in the public SDK).
    @Override
    public int getTransform() {
      return 0;
    }

    @Override
    public int getScalingMode() {
      return 0;
    }

    @Override
    public Plane[] getPlanes() {
      return planes;
    }

    @Override
    public void close() {}
  }

  private static final class FakePlane extends Image.Plane {
    private final ByteBuffer buffer;
    private final int rowStride;
    private final int pixelStride;

    FakePlane(ByteBuffer buffer, int rowStride, int pixelStride) {
      this.buffer = buffer;
      this.rowStride = rowStride;
      this.pixelStride = pixelStride;
    }

    @Override
    public int getRowStride() {
      return rowStride;
    }

    @Override
    public int getPixelStride() {
      return pixelStride;
    }

    @Override
    public ByteBuffer getBuffer() {
      return buffer;
    }
  }
}
