package app.lumen.inference.internal;

import ai.onnxruntime.OrtException;
import app.lumen.inference.FinishReason;
import app.lumen.inference.GenerationException;
import app.lumen.inference.GenerationListener;
import app.lumen.inference.GenerationResult;
import app.lumen.inference.ImageEmbeddings;
import app.lumen.inference.InferenceException;
import app.lumen.inference.Phase;
import app.lumen.inference.ProviderChoice;
import app.lumen.inference.SamplingParams;
import app.lumen.inference.sampling.NonFiniteLogitsException;
import app.lumen.inference.sampling.Sampler;
import app.lumen.inference.text.ImageSpan;
import app.lumen.pkg.QwenTokenizerFormat;
import app.lumen.vision.VisionEncodingCancelledException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The generation loop: prefill the prompt tokens the cache lacks, then sample, stream and feed back
 * one token at a time until a stop condition. Stateless between calls; one instance per model.
 */
final class Generator {
  /**
   * Prompt tokens per decoder run when the graph returns logits for every position: a 2,000-token
   * prompt in one run would need 1.2 GB of logits at Qwen's 151,936-entry vocabulary; 128 keeps
   * that near 78 MB and lets cancellation land between chunks.
   */
  static final int PREFILL_CHUNK = 128;

  /**
   * Per run when the graph takes {@code logits_to_keep} and returns only the last row: larger
   * matrix products run faster, and cancellation still lands between chunks.
   */
  static final int LAST_ROW_PREFILL_CHUNK = 512;

  /** One generation's inputs. */
  record Job(
      TokenSequence prompt,
      SamplingParams sampling,
      long fallbackSeed,
      int maxNewTokens,
      List<String> stopStrings,
      int contextLength,
      GenerationListener listener,
      Cancellation cancellation,
      LogitsObserver observer,
      long startNanos) {}

  private final ModelRuntime runtime;
  private final int chunk;
  private final TextCodec codec;
  private final Set<Integer> stopIds;
  private final int thinkStart;
  private final int thinkEnd;
  private final ProviderChoice provider;

  Generator(ModelRuntime runtime, TextCodec codec, Set<Integer> stopIds, ProviderChoice provider) {
    this.runtime = runtime;
    this.chunk =
        runtime.signature().logitsToKeep() != null ? LAST_ROW_PREFILL_CHUNK : PREFILL_CHUNK;
    this.codec = codec;
    this.stopIds = stopIds;
    this.thinkStart = codec.tokenId(QwenTokenizerFormat.THINK_OPEN);
    this.thinkEnd = codec.tokenId(QwenTokenizerFormat.THINK_CLOSE);
    this.provider = provider;
  }

  /**
   * Runs {@code job} on {@code cache}, which must already be cut back to a prefix of the prompt.
   *
   * @throws GenerationException when a graph run fails; the cache is then consistent with what it
   *     holds
   */
  GenerationResult generate(Job job, ConversationCache cache) {
    TokenSequence prompt = job.prompt();
    int reused = cache.length();
    if (reused >= prompt.length()) {
      throw new IllegalStateException("the cache must lack at least the last prompt token");
    }
    TextAssembler text =
        new TextAssembler(thinkStart, thinkEnd, leavesThinkOpen(prompt), job.stopStrings());
    GenerationClock stats = new GenerationClock(job.startNanos(), prompt.length(), reused);
    List<Integer> generated = new ArrayList<>();
    GenerationListener listener = job.listener();
    TokenSequence sequence = prompt;
    try {
      Map<ImageSpan, ImageEmbeddings> images =
          encodeImages(prompt, reused, listener, stats, job.cancellation());
      if (images == null) {
        return stats.result(generated, text, FinishReason.CANCELLED, provider);
      }
      PositionPlan positions = PositionPlan.of(prompt);

      listener.onPhaseStarted(Phase.PREFILL);
      long prefillStart = System.nanoTime();
      float[] logits = null;
      for (int from = reused; from < prompt.length(); from += chunk) {
        if (job.cancellation().isCancelled()) {
          stats.prefillDone(prefillStart, cache.length() - reused);
          listener.onPhase(Phase.PREFILL, stats.prefillMillis);
          return stats.result(generated, text, FinishReason.CANCELLED, provider);
        }
        int to = Math.min(prompt.length(), from + chunk);
        logits =
            runtime.forward(
                prompt,
                from,
                to,
                positions,
                images,
                cache.state(),
                job.cancellation().runOptions());
        cache.synced(prompt);
      }
      stats.prefillDone(prefillStart, prompt.length() - reused);
      listener.onPhase(Phase.PREFILL, stats.prefillMillis);

      Sampler sampler = new Sampler(job.sampling(), logits.length, job.fallbackSeed());
      sampler.observe(prompt.ids(), 0, prompt.length());
      TextCodec.TokenTextStream stream = codec.newStream();
      listener.onPhaseStarted(Phase.DECODE);
      long decodeStart = System.nanoTime();
      FinishReason finish;
      boolean flushed = false;
      while (true) {
        if (job.observer() != LogitsObserver.NONE) {
          job.observer().onLogits(sequence.length() - 1, logits.clone());
        }
        int token = sampler.next(logits);
        if (generated.isEmpty()) {
          stats.firstToken();
        }
        if (stopIds.contains(token)) {
          finish = FinishReason.STOP_TOKEN;
          break;
        }
        generated.add(token);
        sampler.observe(token);
        String decoded =
            text.isDelimiter(token) || codec.isSpecial(token) ? "" : stream.next(token);
        TextAssembler.Delta delta = text.accept(token, decoded);
        FinishReason ending = null;
        if (text.stopped()) {
          ending = FinishReason.STOP_STRING;
        } else if (generated.size() >= job.maxNewTokens()) {
          ending = FinishReason.MAX_TOKENS;
        } else if (sequence.length() + 1 >= job.contextLength()) {
          // The answer so far plus the prompt fills the context: the conversation could not be
          // sent back whole next turn if it grew further.
          ending = FinishReason.CONTEXT_FULL;
        }
        String shown = delta.text();
        if (ending != null) {
          // This is the last token: release what was held back with it, so the streamed text
          // adds up to the result's.
          shown += text.finish(stream.flush());
          flushed = true;
        }
        listener.onToken(token, shown, delta.thinking());
        if (ending != null) {
          finish = ending;
          break;
        }
        if (job.cancellation().isCancelled()) {
          finish = FinishReason.CANCELLED;
          break;
        }
        sequence = sequence.append(new int[] {token}, 1);
        logits =
            runtime.forward(
                sequence,
                sequence.length() - 1,
                sequence.length(),
                positions,
                images,
                cache.state(),
                job.cancellation().runOptions());
        cache.synced(sequence);
      }
      if (!flushed) {
        text.finish(stream.flush()); // ended by an end token or a cancel: the tail is in the result
      }
      stats.decodeDone(decodeStart, generated.size());
      listener.onPhase(Phase.DECODE, stats.decodeMillis);
      return stats.result(generated, text, finish, provider);
    } catch (OrtException | RuntimeException e) {
      // The state advanced only for runs that succeeded: keep the token record in step with it.
      cache.synced(sequence);
      if (e instanceof OrtException && job.cancellation().isCancelled()) {
        // The runtime's terminate flag stopped a graph run: a cancellation, not a failure.
        text.finish("");
        return stats.result(generated, text, FinishReason.CANCELLED, provider);
      }
      GenerationResult partial = stats.result(generated, text, FinishReason.ERROR, provider);
      if (e instanceof GenerationException g) {
        throw g;
      }
      if (e instanceof NonFiniteLogitsException n) {
        // The graph computed garbage (a float16 overflow on an accelerator, say): name where.
        throw new GenerationException(n.getMessage() + " on " + provider.used().id(), n, partial);
      }
      throw new GenerationException("generation failed: " + e.getMessage(), e, partial);
    }
  }

  /**
   * Runs the tokens of {@code sequence} the cache lacks, without generating (restoring a
   * conversation). Stops between chunks when cancelled.
   */
  void prefill(
      TokenSequence sequence,
      ConversationCache cache,
      app.lumen.inference.PhaseListener listener,
      Cancellation cancellation)
      throws OrtException {
    int reused = cache.length();
    if (reused >= sequence.length()) {
      return;
    }
    GenerationClock stats = new GenerationClock(System.nanoTime(), sequence.length(), reused);
    Map<ImageSpan, ImageEmbeddings> images =
        encodeImages(sequence, reused, phaseOnly(listener), stats, cancellation);
    if (images == null) {
      return;
    }
    PositionPlan positions = PositionPlan.of(sequence);
    listener.onPhaseStarted(Phase.PREFILL);
    long start = System.nanoTime();
    for (int from = reused;
        from < sequence.length() && !cancellation.isCancelled();
        from += chunk) {
      int to = Math.min(sequence.length(), from + chunk);
      try {
        runtime.forward(
            sequence, from, to, positions, images, cache.state(), cancellation.runOptions());
      } catch (OrtException e) {
        if (!cancellation.isCancelled()) {
          throw e;
        }
      }
      cache.synced(sequence);
    }
    listener.onPhase(Phase.PREFILL, (System.nanoTime() - start) / 1e6);
  }

  private static GenerationListener phaseOnly(app.lumen.inference.PhaseListener listener) {
    return new GenerationListener() {
      @Override
      public void onPhaseStarted(Phase phase) {
        listener.onPhaseStarted(phase);
      }

      @Override
      public void onPhase(Phase phase, double millis) {
        listener.onPhase(phase, millis);
      }
    };
  }

  /**
   * The embeddings of the prompt's images the cache lacks, or null when {@code cancellation}
   * stopped the encoding: it is checked before each picture, and its terminate flag stops a running
   * vision graph, so a stop does not wait for the remaining photos.
   */
  private Map<ImageSpan, ImageEmbeddings> encodeImages(
      TokenSequence prompt,
      int reused,
      GenerationListener listener,
      GenerationClock stats,
      Cancellation cancellation) {
    Map<ImageSpan, ImageEmbeddings> images = new HashMap<>();
    List<ImageSpan> pending = new ArrayList<>();
    for (ImageSpan span : prompt.images()) {
      if (span.end() > reused) {
        pending.add(span);
      }
    }
    if (pending.isEmpty()) {
      return images;
    }
    listener.onPhaseStarted(Phase.ENCODING_IMAGE);
    long start = System.nanoTime();
    for (ImageSpan span : pending) {
      ImageEmbeddings embeddings = cancellation.isCancelled() ? null : encode(span, cancellation);
      if (embeddings == null) {
        stats.imageMillis = (System.nanoTime() - start) / 1e6;
        listener.onPhase(Phase.ENCODING_IMAGE, stats.imageMillis);
        return null;
      }
      if (embeddings.tokenCount() != span.image().tokenCount()
          || embeddings.hiddenSize() != runtime.hiddenSize()) {
        throw new IllegalStateException(
            "image '"
                + span.image().cacheKey()
                + "' produced "
                + embeddings.tokenCount()
                + "x"
                + embeddings.hiddenSize()
                + " embeddings, expected "
                + span.image().tokenCount()
                + "x"
                + runtime.hiddenSize());
      }
      images.put(span, embeddings);
    }
    stats.imageMillis = (System.nanoTime() - start) / 1e6;
    listener.onPhase(Phase.ENCODING_IMAGE, stats.imageMillis);
    return images;
  }

  /** The embeddings of one picture, or null when the terminate flag stopped its vision run. */
  private ImageEmbeddings encode(ImageSpan span, Cancellation cancellation) {
    if (!(span.image() instanceof StoppableImageInput stoppable)) {
      // null stands for a stop here: an input returning it is broken, not cancelled
      ImageEmbeddings embeddings = span.image().embeddings(runtime.hiddenSize());
      if (embeddings == null) {
        throw new IllegalStateException(
            "image '" + span.image().cacheKey() + "' produced no embeddings");
      }
      return embeddings;
    }
    try {
      return stoppable.embeddings(runtime.hiddenSize(), cancellation.runOptions());
    } catch (VisionEncodingCancelledException | InferenceException e) {
      if (!cancellation.isCancelled()) {
        throw e; // not this generation's stop: a failure like any other
      }
      // Stopped: ONNX Runtime reports a run ended by the terminate flag as a plain failure, so
      // whatever the run threw after this generation's stop is that stop, whatever its wording.
      return null;
    }
  }

  /** Whether the prompt ends inside an open {@code <think>} (a thinking generation prompt). */
  private boolean leavesThinkOpen(TokenSequence prompt) {
    if (thinkStart < 0) {
      return false;
    }
    for (int i = prompt.length() - 1; i >= 0; i--) {
      int id = prompt.id(i);
      if (id == thinkEnd) {
        return false;
      }
      if (id == thinkStart) {
        return true;
      }
      if (codec.isSpecial(id) && id != runtime.imageTokenId()) {
        return false; // reached the assistant header without meeting <think>
      }
    }
    return false;
  }
}
