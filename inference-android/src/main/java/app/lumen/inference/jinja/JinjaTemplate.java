package app.lumen.inference.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Jinja chat template, parsed once and rendered for each conversation as transformers' {@code
 * apply_chat_template} renders it (Jinja2 with {@code trim_blocks} and {@code lstrip_blocks}, its
 * own {@code tojson}, {@code raise_exception} and {@code strftime_now}).
 *
 * <p>The language is the subset chat templates use: text, {@code {{ }}}, {@code if/elif/else},
 * {@code for} (with {@code loop}, {@code else}, a filter, {@code break}/{@code continue}), {@code
 * set} (including {@code namespace} attributes and blocks), {@code macro}, {@code with}, {@code
 * filter} blocks, comments and whitespace control; Python-like expressions, Jinja2's common filters
 * and tests, and the string and dict methods templates call. Anything else is refused when parsing.
 *
 * <p>Threading: immutable; one template may render on many threads at once. Errors: {@link
 * TemplateException} with the line, never another exception for a bad template or input.
 */
public final class JinjaTemplate {
  private final List<Node> body;

  private JinjaTemplate(List<Node> body) {
    this.body = body;
  }

  /**
   * Parses the template; a syntax error or unsupported construct fails here, not when rendering.
   */
  public static JinjaTemplate parse(String source) throws TemplateException {
    try {
      return new JinjaTemplate(Parser.parse(source));
    } catch (Failure failure) {
      throw failure.toException();
    } catch (StackOverflowError e) {
      throw new TemplateException(1, "expressions or blocks nested too deeply", false);
    }
  }

  /**
   * Renders with the given variables (e.g. {@code messages}, {@code add_generation_prompt}). Values
   * may be null, Boolean, any Number, String, List, Map, and nest freely; they are not changed.
   */
  public String render(Map<String, ?> variables) throws TemplateException {
    Scope globals = new Scope(null);
    Globals.install(globals);
    Scope scope = new Scope(globals);
    variables.forEach((name, value) -> scope.set(name, normalized(value)));
    StringBuilder out = new StringBuilder();
    try {
      Renderer.render(body, scope, out);
    } catch (Failure failure) {
      throw failure.toException();
    } catch (StackOverflowError e) {
      throw new TemplateException(1, "recursion too deep (a macro calling itself?)", false);
    }
    return out.toString();
  }

  /** Caller values in the interpreter's own types: Long and Double numbers, mutable copies. */
  private static Object normalized(Object value) {
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object item : list) {
        copy.add(normalized(item));
      }
      return copy;
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(normalized(k), normalized(v)));
      return copy;
    }
    return value;
  }
}
