package app.lumen.vision;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import org.junit.Test;

/** A hand-edited preprocessor_config.json is refused naming the field, in the user's terms. */
public class ImageProcessorConfigTest {
  private static final String QWEN2_VL =
      "{\"min_pixels\": 3136, \"max_pixels\": 12845056, \"patch_size\": 14,"
          + " \"temporal_patch_size\": 2, \"merge_size\": 2,"
          + " \"image_mean\": [0.48145466, 0.4578275, 0.40821073],"
          + " \"image_std\": [0.26862954, 0.26130258, 0.27577711]}";

  @Test
  public void publishedQwen2VlConfig_reads() throws Exception {
    ImageProcessorConfig config = parse(QWEN2_VL);
    assertEquals(14, config.patchSize());
    assertEquals(12_845_056, config.maxPixels());
  }

  @Test
  public void sizeWrittenAsAWord_namesTheField() {
    assertEquals(
        "p.json: patch_size: expected a number, found \"x\"",
        refusal(QWEN2_VL.replace("\"patch_size\": 14", "\"patch_size\": \"x\"")));
  }

  @Test
  public void fractionalPixelBound_namesTheField() {
    assertEquals(
        "p.json: min_pixels: expected a whole number, found 3136.5",
        refusal(QWEN2_VL.replace("3136", "3136.5")));
  }

  @Test
  public void meanEntryOfTheWrongType_namesTheEntry() {
    assertEquals(
        "p.json: image_mean[1]: expected a number, found [0.5]",
        refusal(QWEN2_VL.replace("0.4578275", "[0.5]")));
  }

  @Test
  public void malformedJson_givesThePositionOnly() {
    assertEquals("p.json: malformed JSON at line 1 column 16", refusal("{\"patch_size\" 14}"));
  }

  private static ImageProcessorConfig parse(String json) throws IOException {
    return ImageProcessorConfig.parse(new StringReader(json), "p.json");
  }

  private static String refusal(String json) {
    return assertThrows(IOException.class, () -> parse(json)).getMessage();
  }
}
