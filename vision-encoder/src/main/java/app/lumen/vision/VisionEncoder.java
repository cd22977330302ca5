package app.lumen.vision;

import ai.onnxruntime.OrtSession;
import app.lumen.vision.internal.OrtVisionEncoder;
import java.nio.file.Path;

/**
 * Turns preprocessed pictures into image-token embeddings with a package's vision graph ({@code
 * pixel_values} and {@code image_grid_thw} — {@code grid_thw} in Qwen2-VL exports — in, {@code
 * image_features} and optional DeepStack features out). One run per picture; several pictures per
 * message are several runs.
 *
 * <p>Threading: {@link #encode} may be called from any thread (runs are serialised by ONNX
 * Runtime's session, which is thread-safe). Native resources: close it; after {@link #close()}
 * every method throws {@link IllegalStateException}.
 *
 * <p>Errors: {@link VisionEncoderException} names the graph and the tensor that did not match
 * (wrong input names, a token count different from the plan's, a hidden size different from the
 * decoder's).
 */
public interface VisionEncoder extends AutoCloseable {

  /**
   * Opens {@code graph} with ONNX Runtime.
   *
   * @param options session options (threads, execution provider); the caller keeps ownership
   * @throws VisionEncoderException when the file cannot be loaded or lacks the expected tensors
   */
  static VisionEncoder open(Path graph, OrtSession.SessionOptions options) {
    return OrtVisionEncoder.open(graph, options);
  }

  /** Whether the graph returns DeepStack features. */
  boolean hasDeepstack();

  /**
   * Encodes one picture; the same as {@code encode(image, null)}.
   *
   * @throws VisionEncoderException when the run fails or its output does not match the plan
   */
  default EncodedImage encode(PreprocessedImage image) {
    return encode(image, null);
  }

  /**
   * Encodes one picture with {@code runOptions} (null: none), whose terminate flag, set from any
   * thread before or during the run, stops the run early.
   *
   * @throws VisionEncodingCancelledException when the terminate flag stopped the run
   * @throws VisionEncoderException when the run fails or its output does not match the plan
   */
  EncodedImage encode(PreprocessedImage image, OrtSession.RunOptions runOptions);

  @Override
  void close();
}
