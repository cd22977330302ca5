package app.lumen.app.images;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import android.graphics.Bitmap;
import android.graphics.Color;
import android.graphics.ImageDecoder;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import app.lumen.vision.ImagePreprocessor;
import app.lumen.vision.ImageProcessorConfig;
import app.lumen.vision.InvalidImageException;
import app.lumen.vision.PlannedImage;
import app.lumen.vision.RgbImage;
import app.lumen.vision.TokenBudget;
import org.junit.Test;
import org.junit.runner.RunWith;

@RunWith(AndroidJUnit4.class)
public class BitmapImagesTest {

  @Test
  public void argbBitmap_becomesPackedRgbWithoutAlpha() {
    Bitmap bitmap = Bitmap.createBitmap(3, 2, Bitmap.Config.ARGB_8888);
    bitmap.setPixel(0, 0, Color.argb(255, 255, 0, 0));
    bitmap.setPixel(2, 1, Color.argb(255, 10, 20, 30));
    bitmap.setPixel(1, 0, Color.argb(255, 0, 0, 255));
    RgbImage image = BitmapImages.fromBitmap(bitmap);
    assertEquals(3, image.width());
    assertEquals(2, image.height());
    assertEquals(255, image.channel(0, 0, 0));
    assertEquals(0, image.channel(0, 0, 2));
    assertEquals(255, image.channel(1, 0, 2));
    assertEquals(10, image.channel(2, 1, 0));
    assertEquals(20, image.channel(2, 1, 1));
    assertEquals(30, image.channel(2, 1, 2));
  }

  @Test
  public void transparentPixels_areCompositedOverWhite() {
    Bitmap bitmap = Bitmap.createBitmap(2, 1, Bitmap.Config.ARGB_8888);
    bitmap.setPixel(0, 0, Color.argb(0, 0, 0, 0));
    bitmap.setPixel(1, 0, Color.argb(255, 0, 0, 0));
    RgbImage image = BitmapImages.fromBitmap(bitmap);
    assertEquals(255, image.channel(0, 0, 0)); // invisible black shows as white
    assertEquals(0, image.channel(1, 0, 0)); // opaque black stays black
  }

  @Test
  public void aHeaderClaimingMorePixelsThanItsDataHold_isRefusedBeforeDecoding() throws Exception {
    java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(
        new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_3BYTE_BGR),
        "png",
        png);
    byte[] lie = png.toByteArray();
    // IHDR says 65535 x 65535 (4.3 GP) over a 64 x 48 picture; its CRC is made right again.
    java.nio.ByteBuffer.wrap(lie, 16, 8).putInt(65535).putInt(65535);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(lie, 12, 17);
    java.nio.ByteBuffer.wrap(lie, 29, 4).putInt((int) crc.getValue());
    ImagePreprocessor processor = new ImagePreprocessor(ImageProcessorConfig.QWEN3_VL);

    InvalidImageException e =
        assertThrows(
            InvalidImageException.class,
            () ->
                PlannedImage.decode(
                    BitmapImages.source(lie, "lie.png"),
                    (w, h) -> processor.plan(w, h, TokenBudget.LOW)));

    assertEquals(InvalidImageException.Reason.MALFORMED, e.reason());
    assertTrue(
        e.getMessage(), e.getMessage().startsWith("lie.png: the header declares 65535x65535"));
  }

  @Test
  public void largePicture_isDecodedAtTheSizeThePlanNeeds() throws Exception {
    java.awt.image.BufferedImage picture =
        new java.awt.image.BufferedImage(2000, 1500, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
    java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(picture, "png", png);
    ImagePreprocessor processor = new ImagePreprocessor(ImageProcessorConfig.QWEN3_VL);
    PlannedImage decoded =
        PlannedImage.decode(
            BitmapImages.source(
                ImageDecoder.createSource(java.nio.ByteBuffer.wrap(png.toByteArray()))),
            (w, h) -> processor.plan(w, h, TokenBudget.LOW));
    assertEquals(2000, decoded.plan().sourceWidth());
    // 64 tokens: 288x192 planned; twice that per side suffices, so 2000x1500 decodes at 1/3.
    assertEquals(667, decoded.image().width());
    assertEquals(500, decoded.image().height());
  }

  @Test
  public void rgb565Bitmap_isReadThroughAnArgbCopy() {
    Bitmap bitmap = Bitmap.createBitmap(2, 2, Bitmap.Config.RGB_565);
    bitmap.eraseColor(Color.rgb(255, 255, 255));
    RgbImage image = BitmapImages.fromBitmap(bitmap);
    assertEquals(255, image.channel(1, 1, 0));
    assertEquals(255, image.channel(1, 1, 2));
  }
}
