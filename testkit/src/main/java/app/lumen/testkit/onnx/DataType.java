package app.lumen.testkit.onnx;

/** ONNX tensor element types ({@code TensorProto.DataType}) the test kit writes. */
public enum DataType {
  FLOAT(1, 4),
  UINT8(2, 1),
  INT8(3, 1),
  INT32(6, 4),
  INT64(7, 8),
  BOOL(9, 1),
  FLOAT16(10, 2);

  private final int code;
  private final int bytesPerElement;

  DataType(int code, int bytesPerElement) {
    this.code = code;
    this.bytesPerElement = bytesPerElement;
  }

  /** The value of {@code TensorProto.DataType} in onnx.proto. */
  public int code() {
    return code;
  }

  public int bytesPerElement() {
    return bytesPerElement;
  }

  /**
   * The type with the given onnx.proto code; {@link IllegalArgumentException} when unknown here.
   */
  public static DataType ofCode(int code) {
    for (DataType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw new IllegalArgumentException("unsupported ONNX data type code " + code);
  }
}
