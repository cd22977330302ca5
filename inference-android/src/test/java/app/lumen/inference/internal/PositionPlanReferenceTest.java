package app.lumen.inference.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import app.lumen.inference.text.ImageSpan;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * M-RoPE positions of prompts with one, two and three images equal transformers.js's {@code
 * get_rope_index} (vectors from tools/reference/make-vision-vectors.mjs), including the rope delta
 * that decode steps carry.
 */
public class PositionPlanReferenceTest {
  private static final int VISION_START = 151652;
  private static final int IMAGE_PAD = 151655;

  @Test
  public void positions_equalTransformersJsGetRopeIndex() throws Exception {
    JsonObject vectors;
    try (var in =
        new InputStreamReader(
            getClass().getResourceAsStream("/vision/rope-index-vectors.json"),
            StandardCharsets.UTF_8)) {
      vectors = JsonParser.parseReader(in).getAsJsonObject();
    }
    int cases = 0;
    for (JsonElement element : vectors.getAsJsonArray("cases")) {
      JsonObject c = element.getAsJsonObject();
      int[] ids = ints(c.getAsJsonArray("input_ids"));
      JsonArray grids = c.getAsJsonArray("image_grid_thw");
      List<ImageSpan> spans = new ArrayList<>();
      int image = 0;
      for (int i = 0; i < ids.length; i++) {
        if (ids[i] == VISION_START && ids[i + 1] == IMAGE_PAD) {
          int[] thw = ints(grids.get(image++).getAsJsonArray());
          // grid_thw counts patches; the prompt holds merged (2x2) tokens
          spans.add(
              new ImageSpan(
                  i + 1, new PositionPlanTest.FixedImage("image" + image, thw[1] / 2, thw[2] / 2)));
        }
      }
      assertEquals(grids.size(), spans.size());
      PositionPlan plan = PositionPlan.of(new TokenSequence(ids, spans));
      JsonArray rows = c.getAsJsonArray("position_ids");
      for (int r = 0; r < 3; r++) {
        long[] expected = longs(rows.get(r).getAsJsonArray());
        long[] actual = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
          actual[i] = plan.position(r, i);
        }
        assertArrayEquals("case " + cases + " row " + r, expected, actual);
      }
      assertEquals(c.get("rope_delta").getAsLong(), plan.ropeDelta());
      cases++;
    }
    assertEquals(4, cases);
  }

  private static int[] ints(JsonArray array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).getAsInt();
    }
    return out;
  }

  private static long[] longs(JsonArray array) {
    long[] out = new long[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).getAsLong();
    }
    return out;
  }
}
