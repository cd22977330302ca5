package app.lumen.vision.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import app.lumen.vision.EncodedImage;
import app.lumen.vision.ImagePlan;
import app.lumen.vision.PreprocessedImage;
import app.lumen.vision.VisionEncoder;
import app.lumen.vision.VisionEncoderException;
import app.lumen.vision.VisionEncodingCancelledException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link VisionEncoder} on an ONNX Runtime session. DeepStack features are read from one {@code
 * deepstack_features} output {@code [K, tokens, hidden]} or from {@code deepstack_feature_0..K-1}
 * outputs ({@code [tokens, hidden]} or {@code [1, tokens, hidden]}), whichever the graph has.
 */
public final class OrtVisionEncoder implements VisionEncoder {
  static final String PIXEL_VALUES = "pixel_values";
  static final String FEATURES = "image_features";
  static final String DEEPSTACK = "deepstack_features";
  static final String DEEPSTACK_PREFIX = "deepstack_feature_";

  /** What ONNX Runtime's executors say when a run's terminate flag stops them. */
  static final String TERMINATE_MESSAGE = "terminate flag";

  private final String name;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final String gridInput;
  private final List<String> deepstackOutputs;
  private final boolean stackedDeepstack;
  private final AtomicBoolean closed = new AtomicBoolean();

  private OrtVisionEncoder(
      String name,
      OrtEnvironment env,
      OrtSession session,
      String gridInput,
      List<String> deepstackOutputs,
      boolean stackedDeepstack) {
    this.name = name;
    this.env = env;
    this.session = session;
    this.gridInput = gridInput;
    this.deepstackOutputs = deepstackOutputs;
    this.stackedDeepstack = stackedDeepstack;
  }

  public static OrtVisionEncoder open(Path graph, OrtSession.SessionOptions options) {
    String name = graph.getFileName().toString();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession session;
    try {
      session = env.createSession(graph.toString(), options);
    } catch (OrtException e) {
      throw new VisionEncoderException(
          graph + ": cannot load the vision graph: " + e.getMessage(), e);
    }
    try {
      Map<String, NodeInfo> inputs = session.getInputInfo();
      Map<String, NodeInfo> outputs = session.getOutputInfo();
      if (!inputs.containsKey(PIXEL_VALUES)) {
        throw new VisionEncoderException(
            name + ": no input " + PIXEL_VALUES + " (inputs: " + inputs.keySet() + ")");
      }
      String grid =
          inputs.containsKey("image_grid_thw")
              ? "image_grid_thw"
              : inputs.containsKey("grid_thw") ? "grid_thw" : null;
      if (grid == null) {
        throw new VisionEncoderException(
            name + ": no input image_grid_thw (or grid_thw); inputs: " + inputs.keySet());
      }
      if (!outputs.containsKey(FEATURES)) {
        throw new VisionEncoderException(
            name + ": no output " + FEATURES + " (outputs: " + outputs.keySet() + ")");
      }
      List<String> deepstack = new ArrayList<>();
      boolean stacked = outputs.containsKey(DEEPSTACK);
      if (stacked) {
        deepstack.add(DEEPSTACK);
      } else {
        for (int i = 0; outputs.containsKey(DEEPSTACK_PREFIX + i); i++) {
          deepstack.add(DEEPSTACK_PREFIX + i);
        }
      }
      TensorInfo pixels = (TensorInfo) inputs.get(PIXEL_VALUES).getInfo();
      if (pixels.type != ai.onnxruntime.OnnxJavaType.FLOAT) {
        throw new VisionEncoderException(
            name + ": input " + PIXEL_VALUES + " is " + pixels.type + "; float32 expected");
      }
      return new OrtVisionEncoder(name, env, session, grid, List.copyOf(deepstack), stacked);
    } catch (OrtException | RuntimeException e) {
      try {
        session.close();
      } catch (OrtException closing) {
        e.addSuppressed(closing);
      }
      if (e instanceof VisionEncoderException v) {
        throw v;
      }
      throw new VisionEncoderException(
          name + ": cannot read the graph's inputs: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean hasDeepstack() {
    checkOpen();
    return !deepstackOutputs.isEmpty();
  }

  @Override
  public EncodedImage encode(PreprocessedImage image, OrtSession.RunOptions runOptions) {
    checkOpen();
    ImagePlan plan = image.plan();
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try (OnnxTensor pixels =
            OnnxTensor.createTensor(
                env,
                FloatBuffer.wrap(image.pixelValues()),
                new long[] {plan.patches(), image.rowLength()});
        OnnxTensor grid =
            OnnxTensor.createTensor(env, LongBuffer.wrap(plan.gridThw()), new long[] {1, 3})) {
      inputs.put(PIXEL_VALUES, pixels);
      inputs.put(gridInput, grid);
      try (OrtSession.Result result =
          runOptions == null ? session.run(inputs) : session.run(inputs, runOptions)) {
        return read(result, plan.tokens());
      }
    } catch (OrtException e) {
      if (runOptions != null && stoppedByTerminateFlag(e)) {
        throw new VisionEncodingCancelledException(name + ": run stopped for " + plan, e);
      }
      throw new VisionEncoderException(
          name + ": run failed for " + plan + ": " + e.getMessage(), e);
    }
  }

  /**
   * ONNX Runtime reports a run ended by the terminate flag as a plain ORT_FAIL, and {@code
   * RunOptions} has no getter for the flag: its fixed message is the only sign.
   */
  private static boolean stoppedByTerminateFlag(OrtException e) {
    return e.getMessage() != null && e.getMessage().contains(TERMINATE_MESSAGE);
  }

  private EncodedImage read(OrtSession.Result result, int tokens) throws OrtException {
    OnnxTensor features = tensor(result, FEATURES);
    long[] shape = features.getInfo().getShape();
    long rows = shape.length == 3 ? shape[0] * shape[1] : shape[0];
    int hidden = (int) shape[shape.length - 1];
    if (rows != tokens) {
      throw new VisionEncoderException(
          name
              + ": "
              + FEATURES
              + " has "
              + rows
              + " rows but the image has "
              + tokens
              + " tokens in the prompt (does preprocessor_config.json match the graph?)");
    }
    float[] values = floats(features);
    List<float[]> levels = new ArrayList<>();
    if (stackedDeepstack) {
      OnnxTensor stacked = tensor(result, DEEPSTACK);
      float[] all = floats(stacked);
      int per = tokens * hidden;
      if (all.length % per != 0) {
        throw new VisionEncoderException(
            name
                + ": "
                + DEEPSTACK
                + " holds "
                + all.length
                + " values, not a multiple of "
                + tokens
                + "x"
                + hidden);
      }
      for (int k = 0; k < all.length / per; k++) {
        float[] level = new float[per];
        System.arraycopy(all, k * per, level, 0, per);
        levels.add(level);
      }
    } else {
      for (String output : deepstackOutputs) {
        float[] level = floats(tensor(result, output));
        if (level.length != tokens * hidden) {
          throw new VisionEncoderException(
              name
                  + ": "
                  + output
                  + " holds "
                  + level.length
                  + " values, expected "
                  + tokens
                  + "x"
                  + hidden);
        }
        levels.add(level);
      }
    }
    return new EncodedImage(tokens, hidden, values, levels.toArray(new float[0][]));
  }

  private OnnxTensor tensor(OrtSession.Result result, String output) {
    Optional<OnnxValue> value = result.get(output);
    if (!value.isPresent() || !(value.get() instanceof OnnxTensor t)) {
      throw new VisionEncoderException(name + ": output " + output + " missing from the run");
    }
    return t;
  }

  /** A tensor's values as float32 (float16 outputs are widened by ONNX Runtime). */
  private static float[] floats(OnnxTensor tensor) {
    FloatBuffer buffer = tensor.getFloatBuffer();
    if (buffer == null) {
      throw new VisionEncoderException(
          "output of type " + tensor.getInfo().type + " is not floating point");
    }
    float[] values = new float[buffer.remaining()];
    buffer.get(values);
    return values;
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException(name + ": vision encoder is closed");
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        session.close();
      } catch (OrtException e) {
        throw new VisionEncoderException(name + ": close failed: " + e.getMessage(), e);
      }
    }
  }
}
