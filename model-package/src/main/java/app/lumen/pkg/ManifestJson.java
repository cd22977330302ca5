package app.lumen.pkg;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import java.io.StringReader;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Reads manifest JSON field by field, so every error names the field that is wrong. */
final class ManifestJson {
  private ManifestJson() {}

  static PackageManifest parse(String json, String src) throws InvalidPackageException {
    JsonElement root;
    try {
      root = JsonSyntax.parseStrict(new StringReader(json));
    } catch (JsonParseException e) {
      throw new InvalidPackageException(src + ": malformed JSON: " + JsonSyntax.describe(e), e);
    }
    if (root == null || !root.isJsonObject()) {
      throw new InvalidPackageException(src + ": expected a JSON object");
    }
    JsonObject o = root.getAsJsonObject();
    int format = (int) requiredLong(o, "format", src);
    if (format != PackageManifest.FORMAT) {
      throw new InvalidPackageException(
          src
              + ": field \"format\": unsupported value "
              + format
              + ", expected "
              + PackageManifest.FORMAT);
    }
    PackageManifest.Builder b =
        PackageManifest.builder(requiredString(o, "id", src), requiredString(o, "family", src));
    b.displayName(optionalString(o, "display_name", src));
    b.license(optionalString(o, "license", src));
    Long ram = optionalLong(o, "min_ram_mb", src);
    b.minRamMb(ram == null ? 0 : ram);
    JsonElement source = o.get("source");
    if (source != null && !source.isJsonNull()) {
      JsonObject so = object(source, "source", src);
      b.source(
          new PackageSource(
              requiredString(so, "hf_repo", src, "source.hf_repo"),
              optionalString(so, "revision", src, "source.revision")));
    }
    JsonObject graphs = object(required(o, "graphs", src), "graphs", src);
    for (Map.Entry<String, JsonElement> e : graphs.entrySet()) {
      b.graph(e.getKey(), string(e.getValue(), "graphs." + e.getKey(), src));
    }
    JsonArray files = array(required(o, "files", src), "files", src);
    for (int i = 0; i < files.size(); i++) {
      String field = "files[" + i + "]";
      JsonObject fo = object(files.get(i), field, src);
      String path = requiredString(fo, "path", src, field + ".path");
      long size = requiredLong(fo, "size", src, field + ".size");
      String sha256 = optionalString(fo, "sha256", src, field + ".sha256");
      String sha1 = optionalString(fo, "sha1", src, field + ".sha1");
      try {
        b.file(new PackageFile(path, size, sha256, sha1));
      } catch (IllegalArgumentException e) {
        throw new InvalidPackageException(src + ": field \"" + field + "\": " + e.getMessage());
      }
    }
    return b.build(src);
  }

  static PackageManifest validate(PackageManifest m, String src) throws InvalidPackageException {
    if (m.id() == null || m.id().isEmpty()) {
      throw new InvalidPackageException(src + ": missing required field \"id\"");
    }
    checkPath(m.id(), "id", src); // the id names the package folder
    if (m.id().contains("/")) {
      throw new InvalidPackageException(src + ": field \"id\" must not contain '/': " + m.id());
    }
    if (m.family() == null || m.family().isEmpty()) {
      throw new InvalidPackageException(src + ": missing required field \"family\"");
    }
    if (!m.graphs().containsKey(PackageManifest.ROLE_DECODER)) {
      throw new InvalidPackageException(src + ": missing required field \"graphs.decoder\"");
    }
    if (m.minRamMb() < 0) {
      throw new InvalidPackageException(src + ": field \"min_ram_mb\" must not be negative");
    }
    for (Map.Entry<String, String> g : m.graphs().entrySet()) {
      checkPath(g.getValue(), "graphs." + g.getKey(), src);
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < m.files().size(); i++) {
      String path = m.files().get(i).path();
      checkPath(path, "files[" + i + "].path", src);
      if (path.equals(PackageManifest.FILE_NAME)) {
        throw new InvalidPackageException(
            src + ": field \"files[" + i + "].path\": the manifest cannot list itself");
      }
      if (!seen.add(path)) {
        throw new InvalidPackageException(
            src + ": field \"files[" + i + "].path\": duplicate path " + path);
      }
    }
    return m;
  }

  private static void checkPath(String path, String field, String src)
      throws InvalidPackageException {
    try {
      PackagePaths.checkRelative(path);
    } catch (UnsafePathException e) {
      throw e.withContext(src + ": field \"" + field + "\"");
    }
  }

  private static JsonElement required(JsonObject o, String name, String src)
      throws InvalidPackageException {
    return required(o, name, src, name);
  }

  private static JsonElement required(JsonObject o, String name, String src, String field)
      throws InvalidPackageException {
    JsonElement e = o.get(name);
    if (e == null || e.isJsonNull()) {
      throw new InvalidPackageException(src + ": missing required field \"" + field + "\"");
    }
    return e;
  }

  private static String requiredString(JsonObject o, String name, String src)
      throws InvalidPackageException {
    return requiredString(o, name, src, name);
  }

  private static String requiredString(JsonObject o, String name, String src, String field)
      throws InvalidPackageException {
    return string(required(o, name, src, field), field, src);
  }

  private static String optionalString(JsonObject o, String name, String src)
      throws InvalidPackageException {
    return optionalString(o, name, src, name);
  }

  private static String optionalString(JsonObject o, String name, String src, String field)
      throws InvalidPackageException {
    JsonElement e = o.get(name);
    return e == null || e.isJsonNull() ? null : string(e, field, src);
  }

  private static long requiredLong(JsonObject o, String name, String src)
      throws InvalidPackageException {
    return requiredLong(o, name, src, name);
  }

  private static long requiredLong(JsonObject o, String name, String src, String field)
      throws InvalidPackageException {
    return integer(required(o, name, src, field), field, src);
  }

  private static Long optionalLong(JsonObject o, String name, String src)
      throws InvalidPackageException {
    JsonElement e = o.get(name);
    return e == null || e.isJsonNull() ? null : integer(e, name, src);
  }

  private static String string(JsonElement e, String field, String src)
      throws InvalidPackageException {
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
      return e.getAsString();
    }
    throw new InvalidPackageException(src + ": field \"" + field + "\" must be a string, got " + e);
  }

  private static long integer(JsonElement e, String field, String src)
      throws InvalidPackageException {
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
      JsonPrimitive p = e.getAsJsonPrimitive();
      try {
        return p.getAsBigDecimal().longValueExact();
      } catch (ArithmeticException | NumberFormatException ex) {
        // fall through to the error below
      }
    }
    throw new InvalidPackageException(
        src + ": field \"" + field + "\" must be an integer, got " + e);
  }

  private static JsonObject object(JsonElement e, String field, String src)
      throws InvalidPackageException {
    if (e.isJsonObject()) {
      return e.getAsJsonObject();
    }
    throw new InvalidPackageException(
        src + ": field \"" + field + "\" must be an object, got " + e);
  }

  private static JsonArray array(JsonElement e, String field, String src)
      throws InvalidPackageException {
    if (e.isJsonArray()) {
      return e.getAsJsonArray();
    }
    throw new InvalidPackageException(src + ": field \"" + field + "\" must be an array, got " + e);
  }
}
