package app.lumen.inference;

import app.lumen.pkg.ModelFamily;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which model families this version of the engine runs: the one place the Models screen, the loader
 * and {@code lumen validate} ask.
 *
 * <p>A family is listed once a package of it goes end to end through the engine in tests (load,
 * prefill, decode, photos where it has vision) against an independent reference: Qwen3-VL, Qwen2-VL
 * and Qwen2.5-VL against testkit's reference decoder, text-only Qwen3 against the logits Hugging
 * Face's own {@code Qwen3ForCausalLM} computes ({@code tools/reference/make-hf-packages.py}).
 * Qwen3.5's hybrid decoder, whose linear-attention state cannot be cut back like a KV cache, has no
 * such path yet, so its packages are refused with {@link UnsupportedFamilyException} rather than
 * run untested.
 *
 * <p>What a catalog entry needs from the engine is its family: every difference between families
 * the engine cares about (graphs, positions, caches) follows from it, so the catalog carries no
 * separate capability field that could disagree with the family. The app asks {@code
 * EngineSupport.runs(entry.family())} for a {@code CatalogEntry} (the downloader does not depend on
 * the engine, and the engine does not depend on the downloader).
 *
 * <p>Stateless; thread-safe.
 */
public final class EngineSupport {
  /** The families this engine runs. */
  public static final Set<ModelFamily> FAMILIES =
      Collections.unmodifiableSet(
          EnumSet.of(
              ModelFamily.QWEN3_VL,
              ModelFamily.QWEN2_VL,
              ModelFamily.QWEN2_5_VL,
              ModelFamily.QWEN3));

  private EngineSupport() {}

  /** Whether this engine runs packages of {@code family}. */
  public static boolean runs(ModelFamily family) {
    return FAMILIES.contains(family);
  }

  /**
   * Whether this engine runs packages whose family id is {@code familyId}, as a manifest or a
   * catalog entry writes it ({@code qwen3_vl}); false for an id no family has.
   */
  public static boolean runs(String familyId) {
    Optional<ModelFamily> family = ModelFamily.find(familyId);
    return family.isPresent() && runs(family.get());
  }

  /**
   * Returns normally when this engine runs {@code family}.
   *
   * @throws UnsupportedFamilyException when it does not
   */
  public static void requireRunnable(ModelFamily family) {
    if (!runs(family)) {
      throw new UnsupportedFamilyException(family);
    }
  }

  /** "Qwen3.5 models are not supported by this version of Lumen". */
  public static String unsupportedMessage(ModelFamily family) {
    return family.displayName() + " models are not supported by this version of Lumen";
  }
}
