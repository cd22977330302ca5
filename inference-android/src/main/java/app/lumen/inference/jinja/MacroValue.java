package app.lumen.inference.jinja;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A macro as a callable value. Its body runs in a fresh scope over the scope it was defined in, so
 * it sees the template's variables as they are when it is called, as Jinja2's do.
 */
final class MacroValue implements PyCallable {
  private final Node.Macro macro;
  private final Scope definedIn;

  MacroValue(Node.Macro macro, Scope definedIn) {
    this.macro = macro;
    this.definedIn = definedIn;
  }

  @Override
  public Object call(CallArgs args) {
    int declared = macro.params().size();
    if (args.positional().size() > declared && !macro.takesVarargs()) {
      throw new Failure(
          "macro '" + macro.name() + "' takes not more than " + declared + " argument(s)");
    }
    Scope scope = new Scope(definedIn);
    Map<String, Object> extraKeywords = new LinkedHashMap<>();
    for (Map.Entry<String, Object> named : args.keywords().entrySet()) {
      String key = named.getKey();
      if (macro.params().contains(key)) {
        continue;
      }
      if (key.equals("caller") && macro.takesCaller()) {
        scope.set("caller", named.getValue());
      } else if (macro.takesKwargs()) {
        extraKeywords.put(key, named.getValue());
      } else {
        throw new Failure("macro '" + macro.name() + "' takes no keyword argument '" + key + "'");
      }
    }
    if (macro.takesVarargs()) {
      List<Object> positional = args.positional();
      scope.set(
          "varargs",
          PyTuple.of(positional.subList(Math.min(declared, positional.size()), positional.size())));
    }
    if (macro.takesKwargs()) {
      scope.set("kwargs", extraKeywords);
    }
    if (macro.takesCaller() && !args.keywords().containsKey("caller")) {
      scope.set("caller", Undefined.because("the macro was not called from a call block"));
    }
    for (int i = 0; i < macro.params().size(); i++) {
      String param = macro.params().get(i);
      Expr fallback = macro.defaults().get(i);
      Object value;
      if (i < args.positional().size()) {
        value = args.positional().get(i);
      } else if (args.keywords().containsKey(param)) {
        value = args.keywords().get(param);
      } else if (fallback != null) {
        value = Evaluator.eval(fallback, scope);
      } else {
        value = Undefined.because("parameter '" + param + "' was not provided");
      }
      scope.set(param, value);
    }
    StringBuilder out = new StringBuilder();
    Renderer.render(macro.body(), scope, out);
    return out.toString();
  }

  @Override
  public String toString() {
    return "<Macro '" + macro.name() + "'>";
  }
}
