package app.lumen.pkg;

import java.util.Objects;

/**
 * Where a package was downloaded from: a Hugging Face repository id ({@code owner/name}) and the
 * revision (a commit hash or a branch such as {@code main}).
 */
public record PackageSource(String hfRepo, String revision) {
  public PackageSource {
    Objects.requireNonNull(hfRepo, "hfRepo");
    if (revision == null || revision.isEmpty()) {
      revision = "main";
    }
  }
}
