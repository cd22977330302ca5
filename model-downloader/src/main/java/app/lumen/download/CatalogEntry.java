package app.lumen.download;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One installable package of a {@link Catalog}. {@code graphs} maps a role ({@code vision}, {@code
 * embed}, {@code decoder}) to the ONNX file of the chosen variant; the graphs' external data files
 * ({@code <graph>_data}, {@code <graph>_data_1}, …) are found on the Hub at download time. {@code
 * files} lists the other files (configs, tokenizer). Immutable.
 *
 * @param quantization what the variant is, for people (e.g. {@code "decoder q4, embed fp16"})
 * @param minRamMb RAM the package needs, 0 if unknown
 * @param license licence id, null if unknown
 */
public record CatalogEntry(
    String id,
    String displayName,
    String family,
    String quantization,
    CatalogSource source,
    Map<String, String> graphs,
    List<CatalogFile> files,
    long minRamMb,
    String license) {

  public CatalogEntry {
    graphs = Collections.unmodifiableMap(new LinkedHashMap<>(graphs));
    files = List.copyOf(files);
  }

  /**
   * Sum of the sizes the catalog knows, or -1 if any file's size is only known at download time.
   */
  public long knownSize() {
    long total = 0;
    for (CatalogFile f : files) {
      if (!f.sizeKnown()) {
        return -1;
      }
      total += f.size();
    }
    for (String graph : graphs.values()) {
      boolean listed = files.stream().anyMatch(f -> f.path().equals(graph));
      if (!listed) {
        return -1;
      }
    }
    return total;
  }
}
