package app.lumen.app.models

import app.lumen.download.Catalog
import app.lumen.download.CatalogEntry

private val template: CatalogEntry by lazy {
  Catalog.loadDefault().entries().first { it.family() == "qwen3_vl" }
}

/**
 * A catalog entry shaped like the bundled Qwen3-VL one, needing [ramMb] of memory; without [vision]
 * it has the decoder only, as a text-only package does.
 */
fun catalogEntry(
  id: String,
  ramMb: Long,
  vision: Boolean,
  family: String = "qwen3_vl",
): CatalogEntry =
  CatalogEntry(
    id,
    "Model $id",
    family,
    template.quantization(),
    template.source(),
    if (vision) template.graphs() else template.graphs().filterKeys { it == "decoder" },
    template.files(),
    ramMb,
    null,
  )
