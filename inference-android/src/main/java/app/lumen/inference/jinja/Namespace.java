package app.lumen.inference.jinja;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The object {@code namespace(...)} returns: the one value whose attributes {@code {% set ns.a =
 * ... %}} may change, which is how templates carry state out of a loop body.
 */
final class Namespace {
  final Map<String, Object> attributes = new LinkedHashMap<>();

  @Override
  public String toString() {
    return "<Namespace " + PyText.repr(attributes) + ">";
  }
}
