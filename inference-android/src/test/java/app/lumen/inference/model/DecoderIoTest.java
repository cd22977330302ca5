package app.lumen.inference.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

public class DecoderIoTest {

  @Test
  public void pastKeyValue_roundTripsThroughItsLayer_andPresentIsItsOutput() {
    for (String part : DecoderIo.KV_PARTS) {
      String past = DecoderIo.pastKeyValue(11, part);

      assertEquals(11, DecoderIo.pastKeyValueLayer(past));
      assertTrue(DecoderIo.isStateInput(past));
      assertEquals(DecoderIo.present(11, part), DecoderIo.stateOutputCandidates(past).get(0));
    }
  }

  @Test
  public void pastKeyValueLayer_isMinusOneForOutputsAndOtherStates() {
    assertEquals(-1, DecoderIo.pastKeyValueLayer(DecoderIo.present(0, "key")));
    assertEquals(-1, DecoderIo.pastKeyValueLayer("past_conv.0"));
    assertEquals(-1, DecoderIo.pastKeyValueLayer("past_key_values.0.query"));
  }

  @Test
  public void linearStates_haveALayerAndComeBackAsPresentStates() {
    assertEquals(3, DecoderIo.linearStateLayer("past_recurrent.3"));
    assertEquals(-1, DecoderIo.linearStateLayer(DecoderIo.pastKeyValue(3, "key")));
    assertTrue(DecoderIo.stateOutputCandidates("past_conv.2").contains("present_conv.2"));
  }

  @Test
  public void genericStates_comeBackAsOutStates_andNamesThatAreNoStateHaveNoCandidates() {
    assertEquals(List.of("out_h"), DecoderIo.stateOutputCandidates("in_h"));
    assertEquals(List.of(), DecoderIo.stateOutputCandidates(DecoderIo.ATTENTION_MASK));
    assertFalse(DecoderIo.isStateInput(DecoderIo.POSITION_IDS));
  }

  @Test
  public void logitsToKeep_acceptsBothExportNames_andDeepstackAnyVariant() {
    assertTrue(DecoderIo.isLogitsToKeep(DecoderIo.LOGITS_TO_KEEP));
    assertTrue(DecoderIo.isLogitsToKeep(DecoderIo.NUM_LOGITS_TO_KEEP));
    assertFalse(DecoderIo.isLogitsToKeep(DecoderIo.LOGITS));
    assertTrue(DecoderIo.isDeepstack(DecoderIo.DEEPSTACK_EMBEDS));
    assertTrue(DecoderIo.isDeepstack("deepstack_visual_embeds"));
  }
}
