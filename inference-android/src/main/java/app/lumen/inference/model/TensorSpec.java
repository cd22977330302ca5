package app.lumen.inference.model;

import java.util.Arrays;

/**
 * A graph input or output as the runtime describes it: name, element type and shape, where {@code
 * -1} marks a symbolic dimension (batch, sequence, past length). Immutable.
 */
public record TensorSpec(String name, ElementType type, long[] shape) {

  /** The element types the engine feeds or reads; anything else is {@link #OTHER}. */
  public enum ElementType {
    FLOAT,
    FLOAT16,
    INT64,
    INT32,
    OTHER;

    public String label() {
      return switch (this) {
        case FLOAT -> "float32";
        case FLOAT16 -> "float16";
        case INT64 -> "int64";
        case INT32 -> "int32";
        case OTHER -> "other";
      };
    }
  }

  public TensorSpec {
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  public long dim(int index) {
    return shape[index];
  }

  /** The shape as {@code [?, 8, ?, 128]}, symbolic dimensions shown as {@code ?}. */
  public String shapeText() {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < shape.length; i++) {
      text.append(i > 0 ? ", " : "").append(shape[i] < 0 ? "?" : Long.toString(shape[i]));
    }
    return text.append(']').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorSpec t
        && name.equals(t.name)
        && type == t.type
        && Arrays.equals(shape, t.shape);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + " " + type.label() + " " + shapeText();
  }
}
