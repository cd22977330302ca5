package app.lumen.inference.model;

import app.lumen.inference.model.TensorSpec.ElementType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects the problems of one graph: each expected tensor checked for presence, element type and
 * shape, where a symbolic dimension in the graph matches anything. Not thread-safe; one per check.
 */
final class GraphCheck {
  /** An expected dimension that accepts any size. */
  static final long ANY = -1;

  final Map<String, TensorSpec> inputs;
  final Map<String, TensorSpec> outputs;
  final List<String> problems = new ArrayList<>();

  GraphCheck(Map<String, TensorSpec> inputs, Map<String, TensorSpec> outputs) {
    this.inputs = inputs;
    this.outputs = outputs;
  }

  void input(String name, Set<ElementType> types, long... dims) {
    input(name, types, null, dims);
  }

  void input(String name, Set<ElementType> types, String why, long... dims) {
    TensorSpec spec = inputs.get(name);
    if (spec == null) {
      problems.add("input " + name + ": missing");
    } else {
      tensor("input", spec, types, why, problems, dims);
    }
  }

  void output(String name, Set<ElementType> types, String why, long... dims) {
    TensorSpec spec = outputs.get(name);
    if (spec == null) {
      problems.add("output " + name + ": missing");
    } else {
      tensor("output", spec, types, why, problems, dims);
    }
  }

  void tensor(
      String kind,
      TensorSpec spec,
      Set<ElementType> types,
      String why,
      List<String> out,
      long... dims) {
    String at = kind + " " + spec.name() + ": ";
    if (!types.contains(spec.type())) {
      out.add(at + spec.type().label() + ", expected " + typesText(types));
      return;
    }
    boolean matches = spec.rank() == dims.length;
    for (int i = 0; matches && i < dims.length; i++) {
      matches = dims[i] == ANY || spec.dim(i) < 0 || spec.dim(i) == dims[i];
    }
    if (!matches) {
      out.add(
          at
              + "shape "
              + spec.shapeText()
              + ", expected "
              + expectedText(dims)
              + (why == null ? "" : " (" + why + ")"));
    }
  }

  /**
   * Reports inputs the engine would not feed. A single unknown input next to a single missing one
   * is most likely a renamed tensor, and is reported as one line.
   */
  void noOtherInputs(Set<String> known) {
    List<String> unexpected = new ArrayList<>();
    for (String name : inputs.keySet()) {
      if (!known.contains(name)) {
        unexpected.add(name);
      }
    }
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < problems.size(); i++) {
      if (problems.get(i).startsWith("input ") && problems.get(i).endsWith(": missing")) {
        missing.add(i);
      }
    }
    if (unexpected.size() == 1 && missing.size() == 1) {
      int at = missing.get(0);
      problems.set(
          at,
          problems.get(at)
              + "; the graph has "
              + unexpected.get(0)
              + " instead (expected the name "
              + problems.get(at).substring(6, problems.get(at).length() - 9)
              + ")");
      return;
    }
    for (String name : unexpected) {
      problems.add("input " + name + ": unexpected (the engine does not feed it)");
    }
  }

  private static String typesText(Set<ElementType> types) {
    List<String> labels = new ArrayList<>();
    for (ElementType type : types) {
      labels.add(type.label());
    }
    return String.join(" or ", labels);
  }

  private static String expectedText(long[] dims) {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < dims.length; i++) {
      text.append(i > 0 ? ", " : "").append(dims[i] == ANY ? "?" : Long.toString(dims[i]));
    }
    return text.append(']').toString();
  }
}
