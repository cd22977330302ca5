package app.lumen.vision;

import ai.onnxruntime.OrtSession;
import app.lumen.vision.internal.Patchifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The vision path of one model: plan, prepare (resize and hash) and encode pictures, keeping recent
 * encodings in a cache bounded in bytes so that regenerating an answer or asking a second question
 * about the same photo does not run the encoder again.
 *
 * <p>Threading: all methods are safe to call from any thread. Closing it closes the encoder and
 * drops the cached encodings; {@link #encode} then throws {@link IllegalStateException}.
 *
 * <p>Errors: {@link InvalidImageException} for pictures the processor refuses, {@link
 * VisionEncoderException} when encoding fails.
 */
public final class VisionPipeline implements AutoCloseable {
  /**
   * Default cache bound: about 16 images of 1,024 tokens at hidden 2048 with 3 DeepStack levels.
   */
  public static final long DEFAULT_CACHE_BYTES = 512L << 20;

  private final ImagePreprocessor preprocessor;
  private final VisionEncoder encoder;
  private final long cacheBytes;
  private final LinkedHashMap<String, EncodedImage> cache = new LinkedHashMap<>(16, 0.75f, true);
  private long cachedBytes;
  private long encodes;
  private boolean closed;

  public VisionPipeline(ImagePreprocessor preprocessor, VisionEncoder encoder, long cacheBytes) {
    this.preprocessor = preprocessor;
    this.encoder = encoder;
    this.cacheBytes = cacheBytes;
  }

  public ImagePreprocessor preprocessor() {
    return preprocessor;
  }

  /** The plan for a {@code width × height} picture (budget null: the package's bounds). */
  public ImagePlan plan(int width, int height, TokenBudget budget) {
    return preprocessor.plan(width, height, budget);
  }

  /** Resizes {@code image} within {@code budget} (null: the package's bounds) and hashes it. */
  public PreparedImage prepare(RgbImage image, TokenBudget budget) {
    return prepare(image, preprocessor.plan(image.width(), image.height(), budget));
  }

  /**
   * Resizes {@code image} (possibly a subsampled decode of the planned picture) to {@code plan}'s
   * size and hashes it.
   */
  public PreparedImage prepare(RgbImage image, ImagePlan plan) {
    RgbImage resized = preprocessor.resize(image, plan);
    return new PreparedImage(plan, resized, key(resized));
  }

  /** The embeddings of {@code image}, from the cache when it holds them. */
  public EncodedImage encode(PreparedImage image) {
    return encode(image, null);
  }

  /**
   * The embeddings of {@code image}, from the cache when it holds them, else from a vision run with
   * {@code runOptions} (null: none) whose terminate flag stops the run.
   *
   * @throws VisionEncodingCancelledException when the terminate flag stopped the run; nothing is
   *     cached then, so a later call encodes the picture normally
   */
  public EncodedImage encode(PreparedImage image, OrtSession.RunOptions runOptions) {
    synchronized (cache) {
      if (closed) {
        throw new IllegalStateException("the vision pipeline is closed");
      }
      EncodedImage hit = cache.get(image.key());
      if (hit != null) {
        return hit;
      }
    }
    float[] pixelValues = Patchifier.patchify(image.resized(), preprocessor.config());
    EncodedImage encoded =
        encoder.encode(
            new PreprocessedImage(image.plan(), pixelValues, preprocessor.config().patchValues()),
            runOptions);
    synchronized (cache) {
      encodes++;
      if (!closed && encoded.bytes() <= cacheBytes) {
        EncodedImage previous = cache.put(image.key(), encoded);
        if (previous != null) {
          cachedBytes -= previous.bytes();
        }
        cachedBytes += encoded.bytes();
        Iterator<Map.Entry<String, EncodedImage>> oldest = cache.entrySet().iterator();
        while (cachedBytes > cacheBytes && oldest.hasNext()) {
          cachedBytes -= oldest.next().getValue().bytes();
          oldest.remove();
        }
      }
    }
    return encoded;
  }

  /** How many times the encoder actually ran (cache misses). */
  public long encoderRuns() {
    synchronized (cache) {
      return encodes;
    }
  }

  /** Encodings currently cached. */
  public int cachedImages() {
    synchronized (cache) {
      return cache.size();
    }
  }

  private String key(RgbImage resized) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      ImageProcessorConfig c = preprocessor.config();
      sha.update(
          (resized.width() + "x" + resized.height() + ";" + c).getBytes(StandardCharsets.UTF_8));
      sha.update(resized.rgb());
      StringBuilder hex = new StringBuilder(64);
      for (byte b : sha.digest()) {
        hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  @Override
  public void close() {
    synchronized (cache) {
      closed = true;
      // The encodings are the larger part of the vision path's memory: a closed model keeps none.
      cache.clear();
      cachedBytes = 0;
    }
    encoder.close();
  }
}
