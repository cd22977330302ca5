package app.lumen.download.internal;

import app.lumen.pkg.AtomicFiles;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files of an unfinished install that are already verified, kept in {@code .lumen-install.json}
 * inside the package folder and rewritten atomically after each file, so a new process resumes
 * without re-hashing gigabytes. Deleted once the manifest is written. Thread-safe.
 */
public final class InstallState {
  public static final String FILE_NAME = ".lumen-install.json";
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  private final Path file;
  private final String packageId;
  private final Map<String, VerifiedFile> verified = new LinkedHashMap<>();

  private InstallState(Path file, String packageId) {
    this.file = file;
    this.packageId = packageId;
  }

  /** Reads the state of {@code packageDir}; an unreadable or foreign state counts as empty. */
  public static InstallState load(Path packageDir, String packageId) {
    InstallState s = new InstallState(packageDir.resolve(FILE_NAME), packageId);
    try {
      if (!Files.isRegularFile(s.file)) {
        return s;
      }
      JsonObject o =
          JsonParser.parseString(new String(Files.readAllBytes(s.file), StandardCharsets.UTF_8))
              .getAsJsonObject();
      if (!packageId.equals(o.get("id").getAsString())) {
        return s;
      }
      JsonObject files = o.getAsJsonObject("files");
      for (String path : files.keySet()) {
        JsonObject f = files.getAsJsonObject(path);
        s.verified.put(
            path, new VerifiedFile(path, f.get("size").getAsLong(), f.get("sha256").getAsString()));
      }
    } catch (IOException | JsonParseException | IllegalStateException | NullPointerException e) {
      // A damaged state file only costs re-verification: every file is checked again.
      s.verified.clear();
    }
    return s;
  }

  /** A state that records nothing yet (the next {@link #record} replaces any file on disk). */
  public static InstallState empty(Path packageDir, String packageId) {
    return new InstallState(packageDir.resolve(FILE_NAME), packageId);
  }

  public synchronized VerifiedFile get(String path) {
    return verified.get(path);
  }

  public synchronized void record(VerifiedFile f) throws IOException {
    verified.put(f.name(), f);
    JsonObject o = new JsonObject();
    o.addProperty("id", packageId);
    JsonObject files = new JsonObject();
    for (VerifiedFile v : verified.values()) {
      JsonObject fo = new JsonObject();
      fo.addProperty("size", v.size());
      fo.addProperty("sha256", v.sha256());
      files.add(v.name(), fo);
    }
    o.add("files", files);
    AtomicFiles.write(file, GSON.toJson(o).getBytes(StandardCharsets.UTF_8));
  }

  public void delete() throws IOException {
    Files.deleteIfExists(file);
  }
}
