package app.lumen.download;

/**
 * Where a catalog entry's files come from: a Hugging Face repository at a revision, or a plain
 * HTTPS base URL (the file's relative path is appended). Exactly one of {@code hfRepo} and {@code
 * baseUrl} is set.
 */
public record CatalogSource(String hfRepo, String revision, String baseUrl) {
  public CatalogSource {
    if ((hfRepo == null) == (baseUrl == null)) {
      throw new IllegalArgumentException("exactly one of hf_repo and base_url");
    }
    if (hfRepo != null && (revision == null || revision.isEmpty())) {
      revision = "main";
    }
  }

  public static CatalogSource huggingFace(String repo, String revision) {
    return new CatalogSource(repo, revision, null);
  }

  public static CatalogSource baseUrl(String baseUrl) {
    return new CatalogSource(null, null, baseUrl);
  }

  public boolean isHuggingFace() {
    return hfRepo != null;
  }
}
