package app.lumen.testkit.onnx;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Graphs written by {@link OnnxModel} load in ONNX Runtime and compute what the ops define. */
public class OnnxGraphOrtTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  @Test
  public void add_withBroadcastInitializer_matchesHandComputedSums() throws Exception {
    OnnxGraph g = new OnnxGraph("add");
    String x = g.input("x", DataType.FLOAT, "batch", 3);
    String bias =
        g.initializer(Tensor.float32("bias", new long[] {3}, new float[] {1f, -2f, 0.5f}));
    g.output(g.op("Add", x, bias).output("y"), DataType.FLOAT, "batch", 3);

    float[] out = runFloat(g, Map.of("x", floats(new long[] {2, 3}, 1, 2, 3, 4, 5, 6)), "y");

    assertArrayEquals(new float[] {2, 0, 3.5f, 5, 3, 6.5f}, out, 0f);
  }

  @Test
  public void matMul_float32_matchesHandComputedProduct() throws Exception {
    OnnxGraph g = new OnnxGraph("matmul");
    String x = g.input("x", DataType.FLOAT, 2, 2);
    String w =
        g.initializer(Tensor.float32("w", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
    g.output(g.op("MatMul", x, w).output("y"), DataType.FLOAT, 2, 3);

    float[] out = runFloat(g, Map.of("x", floats(new long[] {2, 2}, 1, -1, 0.5f, 2)), "y");

    // [1,-1]·w = [1-4, 2-5, 3-6]; [0.5,2]·w = [0.5+8, 1+10, 1.5+12]
    assertArrayEquals(new float[] {-3, -3, -3, 8.5f, 11, 13.5f}, out, 1e-6f);
  }

  @Test
  public void gather_int64Indices_picksTableRows() throws Exception {
    OnnxGraph g = new OnnxGraph("gather");
    String ids = g.input("ids", DataType.INT64, "batch", "seq");
    String table =
        g.initializer(
            Tensor.float32("table", new long[] {4, 2}, new float[] {0, 1, 10, 11, 20, 21, 30, 31}));
    g.output(
        g.op("Gather", table, ids).attr("axis", 0L).output("rows"),
        DataType.FLOAT,
        "batch",
        "seq",
        2);

    OnnxTensor idsTensor =
        OnnxTensor.createTensor(ENV, LongBuffer.wrap(new long[] {3, 0, 2}), new long[] {1, 3});
    float[] out = runFloat(g, Map.of("ids", idsTensor), "rows");

    assertArrayEquals(new float[] {30, 31, 0, 1, 20, 21}, out, 0f);
  }

  @Test
  public void float16Initializer_isWidenedExactlyByCast() throws Exception {
    OnnxGraph g = new OnnxGraph("half");
    String x = g.input("x", DataType.FLOAT, 4);
    String h =
        g.initializer(
            Tensor.float16("h", new long[] {4}, new float[] {0.5f, -1.25f, 65504f, 1e-7f}));
    String wide = g.op("Cast", h).attr("to", (long) DataType.FLOAT.code()).output();
    g.output(g.op("Add", x, wide).output("y"), DataType.FLOAT, 4);

    float[] out = runFloat(g, Map.of("x", floats(new long[] {4}, 0, 0, 0, 0)), "y");

    // 1e-7 is below half's normal range: the nearest subnormal is 2 * 2^-24.
    assertArrayEquals(new float[] {0.5f, -1.25f, 65504f, 2 * 0x1p-24f}, out, 0f);
  }

  @Test
  public void transposeReshapeAndSoftmax_attributesAreHonoured() throws Exception {
    OnnxGraph g = new OnnxGraph("attrs");
    String x = g.input("x", DataType.FLOAT, 2, 3);
    String t = g.op("Transpose", x).attrInts("perm", 1, 0).output();
    String r = g.op("Reshape", t, g.constInt64(1, 6)).output();
    String s = g.op("Softmax", r).attr("axis", -1L).output("y");
    g.output(s, DataType.FLOAT, 1, 6);

    float[] out = runFloat(g, Map.of("x", floats(new long[] {2, 3}, 0, 1, 2, 3, 4, 5)), "y");

    // transpose gives 0,3,1,4,2,5; softmax over exp of those.
    double[] order = {0, 3, 1, 4, 2, 5};
    double sum = 0;
    for (double v : order) {
      sum += Math.exp(v);
    }
    for (int i = 0; i < 6; i++) {
      assertEquals(Math.exp(order[i]) / sum, out[i], 1e-6);
    }
  }

  @Test
  public void constantNodeWithTensorAttribute_andFloatAttribute_work() throws Exception {
    OnnxGraph g = new OnnxGraph("const");
    String x = g.input("x", DataType.FLOAT, 2);
    String c =
        g.op("Constant")
            .attr("value", Tensor.float32("c", new long[] {2}, new float[] {3f, -3f}))
            .output();
    String sum = g.op("Add", x, c).output();
    String y = g.op("LeakyRelu", sum).attr("alpha", 0.25f).output("y");
    g.output(y, DataType.FLOAT, 2);

    float[] out = runFloat(g, Map.of("x", floats(new long[] {2}, 1f, 1f)), "y");

    assertArrayEquals(new float[] {4f, -0.5f}, out, 0f);
  }

  @Test
  public void externalData_isReadFromTheFileNextToTheModel() throws Exception {
    Path dir = tmp.newFolder().toPath();
    float[] weights = {1.5f, 2.5f, -4f};
    ByteBuffer data = ByteBuffer.allocate(16 + 12).order(ByteOrder.LITTLE_ENDIAN);
    data.position(16); // data need not start at offset 0
    data.asFloatBuffer().put(weights);
    Files.write(dir.resolve("model.onnx_data"), data.array());

    OnnxGraph g = new OnnxGraph("external");
    String x = g.input("x", DataType.FLOAT, 3);
    String w =
        g.initializer(
            Tensor.external(
                "w",
                DataType.FLOAT,
                new long[] {3},
                new Tensor.ExternalData("model.onnx_data", 16, 12)));
    g.output(g.op("Mul", x, w).output("y"), DataType.FLOAT, 3);
    Path model = dir.resolve("model.onnx");
    new OnnxModel(g).writeTo(model);

    try (OrtSession session = ENV.createSession(model.toString());
        OnnxTensor in = floats(new long[] {3}, 2, 2, 2);
        OrtSession.Result r = session.run(Map.of("x", in))) {
      float[] out = (float[]) r.get(0).getValue();
      assertArrayEquals(new float[] {3f, 5f, -8f}, out, 0f);
    }
  }

  @Test
  public void symbolicAndFixedDims_areReportedByTheSession() throws Exception {
    OnnxGraph g = new OnnxGraph("dims");
    String x = g.input("x", DataType.FLOAT, "batch_size", 7);
    g.output(g.op("Identity", x).output("y"), DataType.FLOAT, "batch_size", 7);

    try (OrtSession session = ENV.createSession(new OnnxModel(g).irVersion(10).toByteArray())) {
      NodeInfo info = session.getInputInfo().get("x");
      TensorInfo t = (TensorInfo) info.getInfo();
      assertArrayEquals(new long[] {-1, 7}, t.getShape());
      assertArrayEquals(new String[] {"batch_size", ""}, t.getDimensionNames());
    }
  }

  @Test
  public void microsoftDomainOp_runsWhenTheDomainIsImported() throws Exception {
    OnnxGraph g = new OnnxGraph("contrib");
    String x = g.input("x", DataType.FLOAT, 3);
    g.output(g.op("FastGelu", x).domain(OnnxModel.MICROSOFT_DOMAIN).output("y"), DataType.FLOAT, 3);
    OnnxModel model = new OnnxModel(g).opset(OnnxModel.MICROSOFT_DOMAIN, 1);

    float[] out;
    try (OrtSession session = ENV.createSession(model.toByteArray());
        OnnxTensor in = floats(new long[] {3}, -1f, 0f, 2f);
        OrtSession.Result r = session.run(Map.of("x", in))) {
      out = (float[]) r.get(0).getValue();
    }

    for (int i = 0; i < 3; i++) {
      double v = new double[] {-1, 0, 2}[i];
      double gelu = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
      assertEquals(gelu, out[i], 1e-5);
    }
  }

  @Test
  public void matMulNBits_4and8Bit_dequantizeLowNibbleFirstAroundTheDefaultZeroPoint()
      throws Exception {
    for (int bits : new int[] {4, 8}) {
      int k = 32;
      int n = 2;
      int block = 32;
      int blob = block * bits / 8;
      byte[] packed = new byte[n * blob];
      int[][] codes = new int[n][k];
      for (int row = 0; row < n; row++) {
        for (int i = 0; i < k; i++) {
          codes[row][i] = (row * 7 + i * 5) % (1 << bits);
        }
        for (int i = 0; i < k; i++) {
          if (bits == 8) {
            packed[row * blob + i] = (byte) codes[row][i];
          } else {
            packed[row * blob + i / 2] |= (byte) (codes[row][i] << (4 * (i % 2)));
          }
        }
      }
      float[] scales = {0.5f, -0.25f};
      OnnxGraph g = new OnnxGraph("nbits");
      String a = g.input("a", DataType.FLOAT, 1, k);
      String b = g.initializer(Tensor.raw("b", DataType.UINT8, new long[] {n, 1, blob}, packed));
      String sc = g.initializer(Tensor.float32("scales", new long[] {n}, scales));
      String y =
          g.op("MatMulNBits", a, b, sc)
              .domain(OnnxModel.MICROSOFT_DOMAIN)
              .attr("K", (long) k)
              .attr("N", (long) n)
              .attr("bits", (long) bits)
              .attr("block_size", (long) block)
              .output("y");
      g.output(y, DataType.FLOAT, 1, n);
      float[] input = new float[k];
      for (int i = 0; i < k; i++) {
        input[i] = (i % 3) - 1;
      }
      OnnxModel model = new OnnxModel(g).opset(OnnxModel.MICROSOFT_DOMAIN, 1);
      float[] out;
      try (OrtSession session = ENV.createSession(model.toByteArray());
          OnnxTensor in = floats(new long[] {1, k}, input);
          OrtSession.Result r = session.run(Map.of("a", in))) {
        out = ((float[][]) r.get(0).getValue())[0];
      }
      int zero = 1 << (bits - 1);
      for (int row = 0; row < n; row++) {
        double expected = 0;
        for (int i = 0; i < k; i++) {
          expected += input[i] * (codes[row][i] - zero) * scales[row];
        }
        assertEquals(bits + "-bit row " + row, expected, out[row], 1e-4);
      }
    }
  }

  private static OnnxTensor floats(long[] shape, float... values) throws Exception {
    return OnnxTensor.createTensor(ENV, FloatBuffer.wrap(values), shape);
  }

  private static float[] runFloat(OnnxGraph g, Map<String, OnnxTensor> inputs, String output)
      throws Exception {
    try (OrtSession session = ENV.createSession(new OnnxModel(g).toByteArray());
        OrtSession.Result r = session.run(inputs)) {
      Object value = r.get(output).orElseThrow().getValue();
      return flatten(value);
    } finally {
      for (OnnxTensor t : inputs.values()) {
        t.close();
      }
    }
  }

  private static float[] flatten(Object value) {
    if (value instanceof float[] f) {
      return f;
    }
    Object[] rows = (Object[]) value;
    float[][] parts = new float[rows.length][];
    int n = 0;
    for (int i = 0; i < rows.length; i++) {
      parts[i] = flatten(rows[i]);
      n += parts[i].length;
    }
    float[] all = new float[n];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }
}
