package app.lumen.testkit;

import app.lumen.pkg.ModelFamily;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The model families the test kit can generate: Qwen3-VL, Qwen2-VL and Qwen2.5-VL. Qwen3.5's hybrid
 * decoder and text-only Qwen3 have no generator, so they are refused with a message naming the
 * families that do.
 *
 * <p>Stateless. Errors are {@link IllegalArgumentException}s whose message can be shown as is.
 */
public final class GeneratedFamilies {
  /** The families with a generator, in the order messages list them. */
  public static final Set<ModelFamily> SUPPORTED =
      Collections.unmodifiableSet(
          EnumSet.of(ModelFamily.QWEN3_VL, ModelFamily.QWEN2_VL, ModelFamily.QWEN2_5_VL));

  private GeneratedFamilies() {}

  /**
   * Returns {@code family} when the test kit can generate it.
   *
   * @throws IllegalArgumentException naming the family and the ones the test kit generates
   */
  public static ModelFamily require(ModelFamily family) {
    if (!SUPPORTED.contains(family)) {
      throw new IllegalArgumentException(
          "the test kit cannot generate "
              + family.id()
              + " packages (it generates "
              + choices()
              + ")");
    }
    return family;
  }

  /**
   * Parses a family name as written on a command line (any case).
   *
   * @throws IllegalArgumentException naming the value and the families the test kit generates, when
   *     it is not a family or not one the test kit generates
   */
  public static ModelFamily parse(String id) {
    ModelFamily family =
        ModelFamily.find(id.toLowerCase(Locale.ROOT))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unknown family '" + id + "' (expected " + choices() + ")"));
    return require(family);
  }

  // "qwen3_vl, qwen2_vl or qwen2_5_vl"
  private static String choices() {
    String all = ModelFamily.ids(SUPPORTED);
    int last = all.lastIndexOf(", ");
    return last < 0 ? all : all.substring(0, last) + " or " + all.substring(last + 2);
  }
}
