package app.lumen.inference.jinja;

import java.util.ArrayList;
import java.util.List;

/** Executes statements, appending their output; loops and macros get their own scopes. */
final class Renderer {
  /** A recursive loop over data nested deeper than this is refused rather than overflow. */
  private static final int MAX_LOOP_DEPTH = 64;

  /** How a body ended: normally or through {@code break}/{@code continue}. */
  enum Flow {
    NORMAL,
    BREAK,
    CONTINUE
  }

  private Renderer() {}

  static Flow render(List<Node> nodes, Scope scope, StringBuilder out) {
    for (Node node : nodes) {
      Flow flow = render(node, scope, out);
      if (flow != Flow.NORMAL) {
        return flow;
      }
    }
    return Flow.NORMAL;
  }

  private static Flow render(Node node, Scope scope, StringBuilder out) {
    if (node instanceof Node.Text text) {
      out.append(text.text());
    } else if (node instanceof Node.Print print) {
      out.append(PyText.str(Evaluator.eval(print.expr(), scope)));
    } else if (node instanceof Node.If branch) {
      return ifStatement(branch, scope, out);
    } else if (node instanceof Node.For loop) {
      forLoop(loop, scope, out);
    } else if (node instanceof Node.Set set) {
      assign(set, scope);
    } else if (node instanceof Node.SetBlock set) {
      StringBuilder captured = new StringBuilder();
      render(set.body(), scope, captured);
      scope.set(set.name(), captured.toString());
    } else if (node instanceof Node.Macro macro) {
      scope.set(macro.name(), new MacroValue(macro, scope));
    } else if (node instanceof Node.CallBlock block) {
      out.append(PyText.str(callWithCaller(block, scope)));
    } else if (node instanceof Node.With with) {
      Scope inner = new Scope(scope);
      for (int i = 0; i < with.names().size(); i++) {
        inner.set(with.names().get(i), Evaluator.eval(with.values().get(i), scope));
      }
      return render(with.body(), inner, out);
    } else if (node instanceof Node.FilterBlock block) {
      StringBuilder captured = new StringBuilder();
      render(block.body(), scope, captured);
      Object value = captured.toString();
      for (Expr.Filter filter : block.filters()) {
        try {
          value = Filters.apply(filter.name(), value, Evaluator.args(filter.args(), scope));
        } catch (Failure failure) {
          throw failure.atLine(filter.line());
        }
      }
      out.append(PyText.str(value));
    } else if (node instanceof Node.LoopControl control) {
      return control.isBreak() ? Flow.BREAK : Flow.CONTINUE;
    }
    return Flow.NORMAL;
  }

  private static Flow ifStatement(Node.If branch, Scope scope, StringBuilder out) {
    for (int i = 0; i < branch.conditions().size(); i++) {
      if (Values.truthy(Evaluator.eval(branch.conditions().get(i), scope))) {
        return render(branch.bodies().get(i), scope, out);
      }
    }
    return render(branch.otherwise(), scope, out);
  }

  private static void forLoop(Node.For loop, Scope scope, StringBuilder out) {
    Object iterable;
    try {
      iterable = Evaluator.eval(loop.iterable(), scope);
    } catch (Failure failure) {
      throw failure.atLine(loop.line());
    }
    forLoop(loop, iterable, 0, scope, out);
  }

  /** One level of {@code loop}: over {@code iterable}, at recursion depth {@code depth0}. */
  private static void forLoop(
      Node.For loop, Object iterable, int depth0, Scope scope, StringBuilder out) {
    List<Object> items;
    try {
      items = Values.iterate(iterable);
    } catch (Failure failure) {
      throw failure.atLine(loop.line());
    }
    if (depth0 > MAX_LOOP_DEPTH) {
      throw new Failure(loop.line(), "recursive loop deeper than " + MAX_LOOP_DEPTH + " levels");
    }
    if (loop.filter() != null) {
      List<Object> kept = new ArrayList<>();
      for (Object item : items) {
        Scope probe = new Scope(scope);
        bind(loop.targets(), item, probe, loop.line());
        if (Values.truthy(Evaluator.eval(loop.filter(), probe))) {
          kept.add(item);
        }
      }
      items = kept;
    }
    if (items.isEmpty()) {
      render(loop.otherwise(), scope, out);
      return;
    }
    PyCallable recurse =
        loop.recursive()
            ? args -> {
              StringBuilder nested = new StringBuilder();
              forLoop(loop, args.get(0, "iterable", null), depth0 + 1, scope, nested);
              return nested.toString();
            }
            : null;
    LoopInfo info = new LoopInfo(items, depth0, recurse);
    for (int i = 0; i < items.size(); i++) {
      info.index0 = i;
      Scope iteration = new Scope(scope);
      iteration.set("loop", info);
      bind(loop.targets(), items.get(i), iteration, loop.line());
      if (render(loop.body(), iteration, out) == Flow.BREAK) {
        break;
      }
    }
  }

  private static void assign(Node.Set set, Scope scope) {
    Object value = Evaluator.eval(set.value(), scope);
    if (set.attribute() == null) {
      bind(set.names(), value, scope, set.line());
      return;
    }
    Object target = Evaluator.eval(set.namespace(), scope);
    if (!(target instanceof Namespace ns)) {
      throw new Failure(
          set.line(),
          "cannot set attribute '"
              + set.attribute()
              + "' on "
              + Values.typeName(target)
              + ": only a namespace() can be changed");
    }
    ns.attributes.put(set.attribute(), value);
  }

  /** {@code x = v} or, for several names, unpacks v as Python does. */
  private static void bind(List<String> names, Object value, Scope scope, int line) {
    if (names.size() == 1) {
      scope.set(names.get(0), value);
      return;
    }
    List<Object> parts;
    try {
      parts = Values.iterate(value);
    } catch (Failure failure) {
      throw failure.atLine(line);
    }
    if (parts.size() != names.size()) {
      throw new Failure(
          line, "cannot unpack " + parts.size() + " values into " + names.size() + " names");
    }
    for (int i = 0; i < names.size(); i++) {
      scope.set(names.get(i), parts.get(i));
    }
  }

  /** The call of a {@code call} block, given its body as the keyword argument {@code caller}. */
  private static Object callWithCaller(Node.CallBlock block, Scope scope) {
    Object callee = Evaluator.eval(block.call().callee(), scope);
    if (!(callee instanceof PyCallable callable)) {
      throw new Failure(
          block.line(), "'call' needs something callable, not " + Values.typeName(callee));
    }
    CallArgs args = Evaluator.args(block.call().args(), scope);
    java.util.Map<String, Object> keywords = new java.util.LinkedHashMap<>(args.keywords());
    keywords.put("caller", new MacroValue(block.caller(), scope));
    try {
      return callable.call(new CallArgs(args.positional(), keywords));
    } catch (Failure failure) {
      throw failure.atLine(block.line());
    }
  }
}
