package app.lumen.testkit.reference;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ReferenceConfigTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void qwen2Layout_flatFields_meanBiasesAndSectionedRope() throws Exception {
    Path f = tmp.newFile("config.json").toPath();
    Files.writeString(
        f,
        "{\"model_type\":\"qwen2_vl\",\"hidden_size\":1536,\"num_attention_heads\":12,"
            + "\"num_hidden_layers\":28,\"num_key_value_heads\":2,\"vocab_size\":151936,"
            + "\"rms_norm_eps\":1e-6,\"rope_theta\":1000000.0,\"tie_word_embeddings\":true,"
            + "\"rope_scaling\":{\"type\":\"mrope\",\"mrope_section\":[16,24,24]}}");

    ReferenceConfig c = ReferenceConfig.read(f);

    assertEquals(128, c.headDim()); // hidden / heads when head_dim is absent
    assertArrayEquals(new int[] {16, 24, 24}, c.mropeSection());
    assertFalse(c.mropeInterleaved());
    assertTrue(c.attentionBias());
    assertFalse(c.qkNorm());
    assertEquals(0, c.deepstackCount());
  }

  @Test
  public void missingField_isNamedWithTheFile() throws Exception {
    Path f = tmp.newFile("config.json").toPath();
    Files.writeString(f, "{\"model_type\":\"qwen3_vl\",\"text_config\":{\"hidden_size\":64}}");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ReferenceConfig.read(f));

    assertTrue(
        e.getMessage(), e.getMessage().contains("config.json: missing field num_attention_heads"));
  }
}
