package app.lumen.inference;

/**
 * Options of Android's NNAPI execution provider (ONNX Runtime's {@code NNAPIFlags}); used only when
 * {@link EngineOptions#provider()} is {@link ExecutionProvider#NNAPI}. Every flag but {@link
 * #USE_FP16} needs Android 10 (API 29), which is the app's minimum anyway.
 */
public enum NnapiFlag {
  /** Lets NNAPI compute in float16 where the accelerator prefers it: faster, less exact. */
  USE_FP16,
  /** NCHW tensor layout inside NNAPI; usually slower than the default NHWC. */
  USE_NCHW,
  /**
   * Keeps NNAPI off its own CPU implementation (nnapi-reference, often slower than ONNX Runtime's
   * CPU kernels); operators no accelerator takes run on ONNX Runtime's CPU provider instead.
   */
  CPU_DISABLED,
  /** NNAPI on its CPU implementation only: slow, exact; for checking a driver's results. */
  CPU_ONLY
}
