package app.lumen.pkg;

/**
 * One thing wrong with an installed package, e.g. {@code onnx/decoder.onnx: size 1234 bytes,
 * expected 5678}. {@link #toString()} is the one-line message.
 */
public record PackageProblem(String file, Kind kind, String message) {

  /** What is wrong; {@link #isIntegrity()} tells content problems from layout problems. */
  public enum Kind {
    /** A listed file is not there. */
    MISSING(false),
    /** The path exists but is a folder or other non-regular file. */
    NOT_A_FILE(false),
    /** A listed file could not be read. */
    UNREADABLE(false),
    /** The path leaves the package folder (through a link) or is malformed. */
    UNSAFE_PATH(false),
    /** A graph named in {@code graphs} is not listed in {@code files}. */
    GRAPH_NOT_LISTED(false),
    /** A graph keeps tensors in an external data file that {@code files} does not list. */
    EXTERNAL_DATA_NOT_LISTED(false),
    SIZE_MISMATCH(true),
    HASH_MISMATCH(true);

    private final boolean integrity;

    Kind(boolean integrity) {
      this.integrity = integrity;
    }

    /** Whether this is a size or hash mismatch (CLI exit 5) rather than a malformed package (3). */
    public boolean isIntegrity() {
      return integrity;
    }
  }

  public boolean isIntegrity() {
    return kind.isIntegrity();
  }

  @Override
  public String toString() {
    return message;
  }
}
