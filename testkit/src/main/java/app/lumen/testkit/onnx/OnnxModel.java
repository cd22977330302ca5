package app.lumen.testkit.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An ONNX {@code ModelProto}: a graph plus the IR version, operator-set imports and metadata.
 *
 * <p>Defaults are chosen for ONNX Runtime 1.29 (the version the project ships): IR version 8 and
 * default-domain opset 17. ORT refuses IR versions above 13. Not thread-safe.
 */
public final class OnnxModel {
  /** The highest IR version ONNX Runtime 1.29 loads. */
  public static final int MAX_IR_VERSION = 13;

  public static final String MICROSOFT_DOMAIN = "com.microsoft";

  private final OnnxGraph graph;
  private final Map<String, Long> opsets = new LinkedHashMap<>();
  private final Map<String, String> metadata = new LinkedHashMap<>();
  private long irVersion = 8;
  private String producerName = "lumen-testkit";
  private String producerVersion = "0.1.0";

  public OnnxModel(OnnxGraph graph) {
    this.graph = Objects.requireNonNull(graph, "graph");
    opsets.put("", 17L);
  }

  public OnnxModel irVersion(long version) {
    if (version < 3 || version > MAX_IR_VERSION) {
      throw new IllegalArgumentException(
          "IR version " + version + " outside 3.." + MAX_IR_VERSION + " (ONNX Runtime 1.29)");
    }
    this.irVersion = version;
    return this;
  }

  /** Imports {@code domain} at {@code version}; {@code ""} is the default ONNX domain. */
  public OnnxModel opset(String domain, long version) {
    opsets.put(domain, version);
    return this;
  }

  public OnnxModel producer(String name, String version) {
    this.producerName = name;
    this.producerVersion = version;
    return this;
  }

  /** Adds a {@code metadata_props} entry (kept in insertion order). */
  public OnnxModel metadata(String key, String value) {
    metadata.put(key, value);
    return this;
  }

  public byte[] toByteArray() {
    // ModelProto: ir_version=1, producer_name=2, producer_version=3, graph=7, opset_import=8,
    // metadata_props=14. OperatorSetIdProto: domain=1, version=2.
    ProtoWriter m = new ProtoWriter();
    m.varint(1, irVersion);
    m.string(2, producerName);
    m.string(3, producerVersion);
    m.message(7, graph.toProto());
    for (Map.Entry<String, Long> e : opsets.entrySet()) {
      ProtoWriter op = new ProtoWriter();
      if (!e.getKey().isEmpty()) {
        op.string(1, e.getKey());
      }
      op.varint(2, e.getValue());
      m.message(8, op);
    }
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      m.message(14, Tensor.entry(e.getKey(), e.getValue()));
    }
    return m.toByteArray();
  }

  /** Writes the model file (external data files, if any, are the caller's to write). */
  public void writeTo(Path file) throws IOException {
    Files.write(file, toByteArray());
  }
}
