package app.lumen.download.internal;

import app.lumen.download.CatalogEntry;
import app.lumen.download.CatalogFile;
import app.lumen.download.CatalogSource;
import app.lumen.download.DownloadException;
import app.lumen.download.DownloadException.Reason;
import app.lumen.pkg.ModelFamily;
import app.lumen.pkg.PackageManifest;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds a catalog entry from a Hugging Face repository laid out like onnx-community's exports:
 * {@code onnx/vision_encoder*.onnx}, {@code onnx/embed_tokens*.onnx}, {@code
 * onnx/decoder_model_merged*.onnx} for vision families, {@code onnx/model*.onnx} for text-only
 * ones, named with transformers.js dtype suffixes.
 */
public final class HubPackages {
  /** transformers.js DEFAULT_DTYPE_SUFFIX_MAPPING. */
  private static final Map<String, String> SUFFIX =
      Map.ofEntries(
          Map.entry("fp32", ""),
          Map.entry("fp16", "_fp16"),
          Map.entry("q8", "_quantized"),
          Map.entry("int8", "_int8"),
          Map.entry("uint8", "_uint8"),
          Map.entry("q4", "_q4"),
          Map.entry("q4f16", "_q4f16"),
          Map.entry("bnb4", "_bnb4"));

  /** Top-level files the engine may read; each is fetched when the repository has it. */
  private static final List<String> SIDE_FILES =
      List.of(
          "config.json",
          "generation_config.json",
          "preprocessor_config.json",
          "tokenizer.json",
          "tokenizer_config.json",
          "chat_template.jinja",
          "chat_template.json",
          "special_tokens_map.json",
          "added_tokens.json",
          "vocab.json",
          "merges.txt");

  private HubPackages() {}

  public static CatalogEntry describe(
      HubClient hub, String repo, String revision, String variant, StopSignal stop)
      throws DownloadException, StoppedException {
    if (repo == null || !repo.matches("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new DownloadException(
          Reason.INVALID_INPUT, String.valueOf(repo), "not an owner/name repository id");
    }
    String rev = revision == null || revision.isEmpty() ? "main" : revision;
    List<HubClient.HubFile> tree = hub.tree(repo, rev, stop);
    Set<String> paths = new HashSet<>();
    for (HubClient.HubFile f : tree) {
      paths.add(f.path());
    }
    if (!paths.contains("config.json")) {
      throw new DownloadException(Reason.INVALID_INPUT, repo, "has no config.json at " + rev);
    }
    Json j = new Json(repo + "/config.json");
    JsonObject config = j.object(j.parse(hub.fetchText(repo, rev, "config.json", stop)), "(root)");
    String modelType = j.string(config, "model_type", "model_type");
    // A package's family is its config's model_type (the package contract uses the same names).
    ModelFamily family =
        ModelFamily.find(modelType)
            .orElseThrow(
                () ->
                    new DownloadException(
                        Reason.INVALID_INPUT,
                        repo,
                        "model_type " + modelType + " is not supported by Lumen"));
    Map<String, String> dtypes = parseVariant(variant, repo);
    Map<String, String> graphs = new LinkedHashMap<>();
    if (!family.hasVision()) {
      graphs.put(
          PackageManifest.ROLE_DECODER, "onnx/model" + suffix(dtypes, "decoder", repo) + ".onnx");
    } else {
      graphs.put(
          PackageManifest.ROLE_VISION,
          "onnx/vision_encoder" + suffix(dtypes, PackageManifest.ROLE_VISION, repo) + ".onnx");
      graphs.put(
          PackageManifest.ROLE_EMBED,
          "onnx/embed_tokens" + suffix(dtypes, PackageManifest.ROLE_EMBED, repo) + ".onnx");
      graphs.put(
          PackageManifest.ROLE_DECODER,
          "onnx/decoder_model_merged"
              + suffix(dtypes, PackageManifest.ROLE_DECODER, repo)
              + ".onnx");
    }
    for (Map.Entry<String, String> g : graphs.entrySet()) {
      if (!paths.contains(g.getValue())) {
        throw new DownloadException(
            Reason.INVALID_INPUT,
            repo,
            "has no "
                + g.getValue()
                + " for the "
                + g.getKey()
                + " graph at "
                + rev
                + " (try another variant)");
      }
    }
    List<CatalogFile> files = new ArrayList<>();
    for (String side : SIDE_FILES) {
      if (paths.contains(side)) {
        files.add(CatalogFile.required(side));
      }
    }
    String name = repo.substring(repo.indexOf('/') + 1);
    String variantLabel = variant.replace(',', '-').replace('=', '-');
    String id = (name + "-" + variantLabel).toLowerCase(Locale.ROOT);
    return new CatalogEntry(
        id,
        name + " (" + variant + ")",
        family.id(),
        variant,
        CatalogSource.huggingFace(repo, rev),
        graphs,
        files,
        0,
        null);
  }

  /** {@code "q4"} applies to every role; {@code "vision=fp16,embed=q4,decoder=q4"} per role. */
  static Map<String, String> parseVariant(String variant, String repo) throws DownloadException {
    if (variant == null || variant.trim().isEmpty()) {
      throw new DownloadException(Reason.INVALID_INPUT, repo, "no variant given (e.g. q4, fp16)");
    }
    Map<String, String> dtypes = new LinkedHashMap<>();
    for (String part : variant.split(",")) {
      String p = part.trim().toLowerCase(Locale.ROOT);
      int eq = p.indexOf('=');
      String role = eq < 0 ? "*" : p.substring(0, eq).trim();
      String dtype = eq < 0 ? p : p.substring(eq + 1).trim();
      if (!SUFFIX.containsKey(dtype)) {
        throw new DownloadException(
            Reason.INVALID_INPUT, repo, "unknown variant " + dtype + "; known: " + SUFFIX.keySet());
      }
      dtypes.put(role, dtype);
    }
    return dtypes;
  }

  private static String suffix(Map<String, String> dtypes, String role, String repo)
      throws DownloadException {
    String dtype = dtypes.getOrDefault(role, dtypes.get("*"));
    if (dtype == null) {
      throw new DownloadException(Reason.INVALID_INPUT, repo, "variant names no dtype for " + role);
    }
    return SUFFIX.get(dtype);
  }
}
