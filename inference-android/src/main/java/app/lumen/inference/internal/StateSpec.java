package app.lumen.inference.internal;

import ai.onnxruntime.OnnxJavaType;

/**
 * One piece of recurrent decoder state: an input fed from the previous run's matching output.
 * Attention caches grow along {@link #sequenceAxis()}; fixed-size states (convolution or SSM states
 * of hybrid families) have none.
 *
 * @param inputName e.g. {@code past_key_values.0.key}
 * @param outputName e.g. {@code present.0.key}
 * @param type element type (float or float16)
 * @param shape the declared shape; the batch axis is 1 and the sequence axis is 0 for an empty
 *     cache
 * @param sequenceAxis the growing axis, or -1
 */
record StateSpec(
    String inputName, String outputName, OnnxJavaType type, long[] shape, int sequenceAxis) {

  /** The shape of this state holding {@code tokens} tokens. */
  long[] shapeFor(int tokens) {
    long[] result = shape.clone();
    if (sequenceAxis >= 0) {
      result[sequenceAxis] = tokens;
    }
    return result;
  }

  int elementBytes() {
    return type == OnnxJavaType.FLOAT16 ? 2 : 4;
  }
}
