package app.lumen.inference;

import app.lumen.pkg.ModelFamily;

/**
 * A package of a {@link ModelFamily} this version of the engine does not run ({@link
 * EngineSupport}). Thrown by {@link InferenceEngine#load} after reading the manifest and before any
 * graph is opened, so refusing costs milliseconds, not gigabytes. The message can be shown as is;
 * {@link #family()} lets an application word its own.
 */
public final class UnsupportedFamilyException extends ModelLoadException {
  private final ModelFamily family;

  public UnsupportedFamilyException(ModelFamily family) {
    super(EngineSupport.unsupportedMessage(family));
    this.family = family;
  }

  /** The family the package declares. */
  public ModelFamily family() {
    return family;
  }
}
