package app.lumen.cli;

import app.lumen.download.Catalog;
import app.lumen.download.CatalogEntry;
import app.lumen.download.DownloadException;
import app.lumen.download.DownloaderConfig;
import app.lumen.download.ModelDownloader;
import app.lumen.inference.EngineSupport;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lumen models}: lists a catalog. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the model packages of a catalog: id, name, family, size, RAM need.",
      "Without --catalog, the catalog shipped with Lumen. Sizes shown as ? are read from",
      "Hugging Face at download time. A package of a family this version does not run is",
      "marked \"not supported by this version\" (JSON: \"supported\": false)."
    })
final class ModelsCommand implements Callable<Integer> {
  @Option(
      names = "--catalog",
      paramLabel = "FILE|URL",
      description = "Catalog JSON file or https:// URL (default: the built-in catalog).")
  String catalog;

  @Option(names = "--json", description = "One JSON object per package on stdout.")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = TerminalText.guard(spec.commandLine().getOut());
    PrintWriter err = TerminalText.guard(spec.commandLine().getErr());
    Catalog c;
    try (ModelDownloader d = ModelDownloader.create(DownloaderConfig.builder().build())) {
      c = CatalogOption.load(catalog, d);
    } catch (DownloadException e) {
      err.println("lumen models: " + e.getMessage());
      return DownloadOutput.exitCode(e.reason());
    }
    if (!json) {
      out.printf(Locale.ROOT, "%-28s %-12s %10s %8s  %s%n", "ID", "FAMILY", "SIZE", "RAM", "NAME");
    }
    for (CatalogEntry e : c.entries()) {
      long size = e.knownSize();
      if (json) {
        JsonObject o = new JsonObject();
        o.addProperty("id", e.id());
        o.addProperty("display_name", e.displayName());
        o.addProperty("family", e.family());
        o.addProperty("quantization", e.quantization());
        o.addProperty("size_bytes", size < 0 ? null : size);
        o.addProperty("min_ram_mb", e.minRamMb());
        o.addProperty("license", e.license());
        o.addProperty("hf_repo", e.source().hfRepo());
        o.addProperty("revision", e.source().revision());
        o.addProperty("base_url", e.source().baseUrl());
        o.addProperty("supported", EngineSupport.runs(e.family()));
        out.println(o);
      } else {
        out.printf(
            Locale.ROOT,
            "%-28s %-12s %10s %8s  %s%n",
            e.id(),
            e.family(),
            size < 0 ? "?" : DownloadOutput.size(size),
            e.minRamMb() > 0 ? e.minRamMb() + " MB" : "?",
            e.displayName()
                + (EngineSupport.runs(e.family()) ? "" : " (not supported by this version)"));
      }
    }
    out.flush();
    return LumenCli.EXIT_OK;
  }
}
