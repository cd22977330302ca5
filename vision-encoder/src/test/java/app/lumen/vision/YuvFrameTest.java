package app.lumen.vision;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.ByteBuffer;
import org.junit.Test;

public class YuvFrameTest {

  /** 4x2 frame; Y = 10·col + 100·row; chroma neutral (128) except where a test sets it. */
  private static YuvFrame.Plane luma(int rowStride) {
    ByteBuffer y = ByteBuffer.allocate(rowStride * 2);
    for (int row = 0; row < 2; row++) {
      for (int col = 0; col < 4; col++) {
        y.put(row * rowStride + col, (byte) (10 * col + 100 * row));
      }
    }
    return new YuvFrame.Plane(y, rowStride, 1);
  }

  @Test
  public void neutralChroma_givesGreyEqualToLuma_withRowPadding() {
    // Semi-planar chroma (pixel stride 2, as NV21 phones deliver), rows padded to 8 bytes.
    ByteBuffer uv = ByteBuffer.allocate(8);
    for (int i = 0; i < 8; i++) {
      uv.put(i, (byte) 128);
    }
    YuvFrame.Plane u = new YuvFrame.Plane(uv, 8, 2);
    YuvFrame.Plane v = new YuvFrame.Plane(uv.duplicate(), 8, 2);
    RgbImage image = YuvFrame.toRgb(4, 2, luma(8), u, v, 0);
    assertEquals(4, image.width());
    assertEquals(2, image.height());
    assertEquals(30, image.channel(3, 0, 0));
    assertEquals(130, image.channel(3, 1, 2));
  }

  @Test
  public void redChroma_followsBt601FullRange() {
    // Y 76, Cb 85, Cr 255 is JFIF's pure red (255, 0, 0) to within rounding.
    ByteBuffer y = ByteBuffer.wrap(new byte[] {76, 76, 76, 76});
    ByteBuffer u = ByteBuffer.wrap(new byte[] {85});
    ByteBuffer v = ByteBuffer.wrap(new byte[] {(byte) 255});
    RgbImage image =
        YuvFrame.toRgb(
            2,
            2,
            new YuvFrame.Plane(y, 2, 1),
            new YuvFrame.Plane(u, 1, 1),
            new YuvFrame.Plane(v, 1, 1),
            0);
    assertEquals(254, image.channel(0, 0, 0), 1);
    assertEquals(0, image.channel(0, 0, 1), 1);
    assertEquals(0, image.channel(0, 0, 2), 1);
  }

  @Test
  public void rotation90_putsTheBottomLeftAtTheTopLeft() {
    ByteBuffer neutral = ByteBuffer.wrap(new byte[] {(byte) 128, (byte) 128});
    YuvFrame.Plane c = new YuvFrame.Plane(neutral, 2, 1);
    RgbImage image = YuvFrame.toRgb(4, 2, luma(4), c, c, 90);
    assertEquals(2, image.width());
    assertEquals(4, image.height());
    // Upright after a clockwise turn: the top row is the old left column read bottom-up.
    assertArrayEquals(
        new int[] {100, 0}, new int[] {image.channel(0, 0, 0), image.channel(1, 0, 0)});
    assertEquals(130, image.channel(0, 3, 0)); // old bottom-right
    RgbImage upsideDown = YuvFrame.toRgb(4, 2, luma(4), c, c, 180);
    assertEquals(130, upsideDown.channel(0, 0, 0));
    RgbImage left = YuvFrame.toRgb(4, 2, luma(4), c, c, 270);
    assertEquals(30, left.channel(0, 0, 0)); // old top-right
  }

  @Test
  public void planeTooSmall_isRefusedNamingIt() {
    ByteBuffer small = ByteBuffer.allocate(3);
    YuvFrame.Plane c = new YuvFrame.Plane(ByteBuffer.allocate(2), 2, 1);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> YuvFrame.toRgb(4, 2, new YuvFrame.Plane(small, 4, 1), c, c, 0));
    assertEquals(true, e.getMessage().startsWith("Y plane"));
  }
}
