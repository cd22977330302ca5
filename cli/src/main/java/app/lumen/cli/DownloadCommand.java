package app.lumen.cli;

import app.lumen.download.Catalog;
import app.lumen.download.CatalogEntry;
import app.lumen.download.DownloadException;
import app.lumen.download.DownloadState;
import app.lumen.download.DownloadTask;
import app.lumen.download.DownloaderConfig;
import app.lumen.download.FileRequest;
import app.lumen.download.ModelDownloader;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lumen download}: installs a catalog package, a Hugging Face repo variant, or one file. */
@Command(
    name = "download",
    mixinStandardHelpOptions = true,
    description = {
      "Downloads with resume, retries and SHA-256 verification:",
      "  download [--catalog FILE|URL] --id ID --dir MODELS_ROOT",
      "  download --hf-repo OWNER/NAME --variant q4|fp16|... --dir MODELS_ROOT",
      "  download --url URL [--sha256 HEX] [--size BYTES] --out FILE",
      "A package lands in MODELS_ROOT/ID/; its lumen-package.json is written last,",
      "after every file was verified. A single file appears at FILE only once",
      "complete and verified. Run the same command again to resume.",
      "Exit codes: 0 ok, 2 usage, 3 bad input, 4 network or download failure,",
      "5 integrity failure."
    })
final class DownloadCommand implements Callable<Integer> {

  @Option(names = "--id", description = "Package id from the catalog.")
  String id;

  @Option(
      names = "--catalog",
      paramLabel = "FILE|URL",
      description = "Catalog JSON file or https:// URL (default: the built-in catalog).")
  String catalog;

  @Option(
      names = "--hf-repo",
      paramLabel = "OWNER/NAME",
      description = "A Hugging Face repository.")
  String repo;

  @Option(
      names = "--variant",
      description =
          "With --hf-repo: q4, q4f16, fp16, fp32, q8, … or vision=fp16,embed=q4,decoder=q4")
  String variant;

  @Option(names = "--revision", defaultValue = "main", description = "With --hf-repo.")
  String revision;

  @Option(
      names = "--dir",
      paramLabel = "MODELS_ROOT",
      description = "Where packages are installed.")
  Path dir;

  @Option(names = "--url", description = "A single file to fetch.")
  String url;

  @Option(names = "--sha256", paramLabel = "HEX", description = "With --url: expected SHA-256.")
  String sha256;

  @Option(names = "--size", paramLabel = "BYTES", defaultValue = "-1", description = "With --url.")
  long size;

  @Option(names = "--out", paramLabel = "FILE", description = "With --url: the file to create.")
  Path out;

  @Option(names = "--json", description = "JSON lines on stdout: progress, then done or failed.")
  boolean json;

  @Option(
      names = "--hub",
      paramLabel = "URL",
      defaultValue = "https://huggingface.co/",
      description = "Hugging Face Hub base URL (a mirror).")
  String hubUrl;

  @Option(names = "--parallel", defaultValue = "3", description = "Files fetched at once.")
  int parallel;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter stdout = TerminalText.guard(spec.commandLine().getOut());
    PrintWriter err = TerminalText.guard(spec.commandLine().getErr());
    DownloadOutput output =
        new DownloadOutput(stdout, spec.commandLine().getErr(), json, System.console() != null);
    String usage = usageProblem();
    if (usage != null) {
      err.println("lumen download: " + usage);
      return LumenCli.EXIT_USAGE;
    }
    if (sha256 != null && !sha256.matches("[0-9a-fA-F]{64}")) {
      err.println("lumen download: --sha256 must be 64 hex digits");
      return LumenCli.EXIT_INVALID_INPUT;
    }
    // Before any network access: a target that cannot be written fails only after the download.
    String target = url != null ? OutputPaths.fileProblem(out) : OutputPaths.folderProblem(dir);
    if (target != null) {
      err.println("lumen download: " + (url != null ? "--out " : "--dir ") + target);
      return LumenCli.EXIT_INVALID_INPUT;
    }
    DownloaderConfig config =
        DownloaderConfig.builder().hubBaseUrl(hubUrl).parallelFiles(Math.max(1, parallel)).build();
    try (ModelDownloader downloader = ModelDownloader.create(config)) {
      if (url != null) {
        return downloadFile(downloader, output);
      }
      CatalogEntry entry;
      if (repo != null) {
        entry = downloader.describeHubPackage(repo, revision, variant);
      } else {
        Catalog c = CatalogOption.load(catalog, downloader);
        entry =
            c.find(id)
                .orElseThrow(
                    () ->
                        new DownloadException(
                            DownloadException.Reason.INVALID_INPUT,
                            id,
                            "no such package in the catalog (see lumen models)"));
      }
      DownloadState end = runUntilDone(downloader.install(entry, dir, output));
      Path packageDir = dir.resolve(entry.id()).toAbsolutePath();
      if (end != DownloadState.INSTALLED) {
        return output.paused("lumen download: stopped; run again to resume " + entry.id());
      }
      JsonObject details = new JsonObject();
      details.addProperty("id", entry.id());
      details.addProperty("dir", packageDir.toString());
      return output.done(details, "installed " + entry.id() + " in " + packageDir);
    } catch (DownloadException e) {
      return output.failed(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return output.paused("lumen download: interrupted; run again to resume");
    }
  }

  private int downloadFile(ModelDownloader downloader, DownloadOutput output)
      throws DownloadException, InterruptedException {
    FileRequest request = new FileRequest(url, out, size, sha256);
    DownloadState end = runUntilDone(downloader.download(request, output));
    if (end != DownloadState.INSTALLED) {
      return output.paused("lumen download: stopped; run again to resume " + out);
    }
    Path target = out.toAbsolutePath();
    JsonObject details = new JsonObject();
    details.addProperty("path", target.toString());
    details.addProperty("sha256", output.lastSha256());
    details.addProperty("bytes", output.lastSize());
    return output.done(details, "saved " + target + " (sha256 " + output.lastSha256() + ")");
  }

  /** Which of the three forms was asked for, or what is wrong with the combination. */
  private String usageProblem() {
    int forms = (url != null ? 1 : 0) + (repo != null ? 1 : 0) + (id != null ? 1 : 0);
    if (forms != 1) {
      return "give exactly one of --id, --hf-repo or --url (see --help)";
    }
    if (url != null) {
      return out == null ? "--url needs --out FILE" : null;
    }
    if (dir == null) {
      return "--dir MODELS_ROOT is required with --id and --hf-repo";
    }
    if (repo != null && variant == null) {
      return "--hf-repo needs --variant (e.g. q4)";
    }
    return null;
  }

  /** Waits for the task; Ctrl-C pauses it so the .part files stay for the next run. */
  private static DownloadState runUntilDone(DownloadTask task)
      throws DownloadException, InterruptedException {
    Thread hook = new Thread(task::pause, "lumen-download-pause");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return task.await();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down: the hook is running and pauses the task
      }
    }
  }
}
