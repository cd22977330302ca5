package app.lumen.build.android;

import app.lumen.build.android.DexReferences.Reference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The class names of R8's mapping file ({@code original -> renamed:}), renamed to original. */
final class R8Mapping {
  private static final Pattern CLASS_LINE = Pattern.compile("(\\S+) -> (\\S+):");

  private final Map<String, String> originalByRenamed;

  private R8Mapping(Map<String, String> originalByRenamed) {
    this.originalByRenamed = originalByRenamed;
  }

  static R8Mapping read(Path mapping) throws IOException {
    Map<String, String> names = new HashMap<>();
    try (Stream<String> lines = Files.lines(mapping)) {
      // Member lines are indented; comments start with '#'.
      lines
          .filter(l -> !l.isEmpty() && !Character.isWhitespace(l.charAt(0)) && l.charAt(0) != '#')
          .forEach(
              l -> {
                Matcher m = CLASS_LINE.matcher(l);
                if (m.matches()) {
                  names.put(internal(m.group(2)), internal(m.group(1)));
                }
              });
    }
    return new R8Mapping(names);
  }

  /** The original internal name of a class of the shrunk dex (itself when R8 kept it). */
  String original(String internalName) {
    return originalByRenamed.getOrDefault(internalName, internalName);
  }

  /** The references with the class they come from named as before shrinking. */
  List<Reference> original(List<Reference> references) {
    return references.stream()
        .map(
            r -> new Reference(r.target(), r.targetClass(), original(r.fromClass()), r.modifiers()))
        .toList();
  }

  private static String internal(String javaName) {
    return javaName.replace('.', '/');
  }
}
