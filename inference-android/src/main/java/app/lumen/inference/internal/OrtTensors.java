package app.lumen.inference.internal;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/** Small conversions between Java arrays and ONNX Runtime tensors. */
final class OrtTensors {
  private OrtTensors() {}

  static OnnxTensor longs(OrtEnvironment env, long[] values, long... shape) throws OrtException {
    return OnnxTensor.createTensor(env, LongBuffer.wrap(values), shape);
  }

  static OnnxTensor ints(OrtEnvironment env, long[] values, long... shape) throws OrtException {
    int[] ints = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      ints[i] = (int) values[i];
    }
    return OnnxTensor.createTensor(env, java.nio.IntBuffer.wrap(ints), shape);
  }

  /** A float32 or float16 tensor holding {@code values}. */
  static OnnxTensor floats(OrtEnvironment env, float[] values, OnnxJavaType type, long... shape)
      throws OrtException {
    if (type == OnnxJavaType.FLOAT16) {
      ByteBuffer buffer =
          ByteBuffer.allocateDirect(values.length * 2).order(ByteOrder.nativeOrder());
      ShortBuffer halves = buffer.asShortBuffer();
      for (float value : values) {
        halves.put(Float16.fromFloat(value));
      }
      return OnnxTensor.createTensor(env, buffer, shape, OnnxJavaType.FLOAT16);
    }
    return OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape);
  }

  /** A zero-filled float32 or float16 tensor. */
  static OnnxTensor zeros(OrtEnvironment env, OnnxJavaType type, long... shape)
      throws OrtException {
    long elements = 1;
    for (long dim : shape) {
      elements *= dim;
    }
    int bytes = (int) elements * (type == OnnxJavaType.FLOAT16 ? 2 : 4);
    ByteBuffer buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    return OnnxTensor.createTensor(env, buffer, shape, type);
  }

  /** All values of a float32 or float16 tensor as float32. */
  static float[] readFloats(OnnxTensor tensor) {
    OnnxJavaType type = tensor.getInfo().type;
    if (type == OnnxJavaType.FLOAT) {
      FloatBuffer buffer = tensor.getFloatBuffer();
      float[] values = new float[buffer.remaining()];
      buffer.get(values);
      return values;
    }
    if (type == OnnxJavaType.FLOAT16) {
      ShortBuffer buffer = tensor.getShortBuffer();
      float[] values = new float[buffer.remaining()];
      for (int i = 0; i < values.length; i++) {
        values[i] = Float16.toFloat(buffer.get(i));
      }
      return values;
    }
    throw new IllegalArgumentException("expected a float tensor, got " + type);
  }

  /** Row {@code row} of width {@code width} of a float32 or float16 tensor. */
  static float[] readRow(OnnxTensor tensor, long row, int width) {
    OnnxJavaType type = tensor.getInfo().type;
    float[] values = new float[width];
    int offset = (int) (row * width);
    if (type == OnnxJavaType.FLOAT) {
      FloatBuffer buffer = tensor.getFloatBuffer();
      ((java.nio.Buffer) buffer).position(offset); // Buffer's method: API 26 lacks the override
      buffer.get(values);
    } else if (type == OnnxJavaType.FLOAT16) {
      ShortBuffer buffer = tensor.getShortBuffer();
      for (int i = 0; i < width; i++) {
        values[i] = Float16.toFloat(buffer.get(offset + i));
      }
    } else {
      throw new IllegalArgumentException("expected a float tensor, got " + type);
    }
    return values;
  }
}
