package app.lumen.pkg;

/**
 * A file the loader would read is in the package folder but not in its manifest, so nothing vouches
 * for its size or content (an edited chat template, say). Loaders refuse it rather than read it.
 */
public class UnlistedFileException extends InvalidPackageException {
  private static final long serialVersionUID = 1L;

  private final String file;

  /**
   * @param file the package-relative path
   */
  public UnlistedFileException(String file) {
    super(
        file
            + ": present but not listed in "
            + PackageManifest.FILE_NAME
            + " (every file a package uses needs its size and digest there)");
    this.file = file;
  }

  /** The package-relative path of the unlisted file. */
  public String file() {
    return file;
  }
}
