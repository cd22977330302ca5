package app.lumen.inference.internal;

import ai.onnxruntime.OrtSession;
import app.lumen.inference.ImageEmbeddings;
import app.lumen.inference.ImageInput;

/**
 * An {@link ImageInput} whose encoding a generation's stop can end mid-run. Internal, so the public
 * {@code ImageInput} stays free of ONNX Runtime types; the generator uses it when a part implements
 * it.
 */
interface StoppableImageInput extends ImageInput {

  /**
   * Like {@link #embeddings(int)}, with the generation's {@code runOptions} (null: none), whose
   * terminate flag stops a running vision graph.
   *
   * @throws app.lumen.vision.VisionEncodingCancelledException when the terminate flag stopped the
   *     run; nothing is cached then
   */
  ImageEmbeddings embeddings(int hiddenSize, OrtSession.RunOptions runOptions);
}
