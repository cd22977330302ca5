package app.lumen.inference.jinja;

import java.util.HashMap;
import java.util.Map;

/**
 * Variables visible at one point of a render. A loop iteration, a macro call and a {@code with}
 * block each get a child scope, so a {@code set} inside them does not leak out (the reason
 * templates use {@code namespace}); an {@code if} shares its parent's.
 */
final class Scope {
  private final Scope parent;
  private final Map<String, Object> variables = new HashMap<>();

  Scope(Scope parent) {
    this.parent = parent;
  }

  Object lookup(String name) {
    for (Scope scope = this; scope != null; scope = scope.parent) {
      if (scope.variables.containsKey(name)) {
        return scope.variables.get(name);
      }
    }
    return Undefined.named(name);
  }

  void set(String name, Object value) {
    variables.put(name, value);
  }
}
