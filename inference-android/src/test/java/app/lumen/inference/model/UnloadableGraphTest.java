package app.lumen.inference.model;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class UnloadableGraphTest {
  @Test
  public void runtimesWrapping_isLeftOut() {
    assertEquals(
        "onnx/d.onnx: not a loadable ONNX model: lumen.x:NoSuchOp(-1) is not a registered"
            + " function/op",
        UnloadableGraph.message(
            "onnx/d.onnx",
            "Error code - ORT_FAIL - message: Load model from /tmp/p/onnx/d.onnx failed:Fatal"
                + " error: lumen.x:NoSuchOp(-1) is not a registered function/op"));
    assertEquals(
        "g.onnx: not a loadable ONNX model: Protobuf parsing failed.",
        UnloadableGraph.message(
            "g.onnx",
            "[ONNXRuntimeError] : 7 : INVALID_PROTOBUF : Load model from /x/g.onnx failed:Protobuf"
                + " parsing failed.\nmore detail"));
  }

  @Test
  public void aPlainMessage_isKept_andNoneIsSaid() {
    assertEquals(
        "g.onnx: not a loadable ONNX model: cpu broke",
        UnloadableGraph.message("g.onnx", "cpu broke"));
    assertEquals(
        "g.onnx: not a loadable ONNX model: ONNX Runtime gave no reason",
        UnloadableGraph.message("g.onnx", null));
  }
}
