package app.lumen.inference.jinja;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Evaluated arguments of a call, filter or test: positional, then keyword, as Python binds them.
 */
record CallArgs(List<Object> positional, Map<String, Object> keywords) {
  static final CallArgs NONE = new CallArgs(List.of(), Map.of());

  static CallArgs of(Object... positional) {
    return new CallArgs(Arrays.asList(positional), Map.of());
  }

  /** The argument at {@code index} or named {@code name}; {@code fallback} when absent. */
  Object get(int index, String name, Object fallback) {
    if (index < positional.size()) {
      return positional.get(index);
    }
    return keywords.containsKey(name) ? keywords.get(name) : fallback;
  }

  /** The positional arguments from {@code index} on (a filter's or test's own arguments). */
  CallArgs from(int index) {
    return new CallArgs(
        positional.subList(Math.min(index, positional.size()), positional.size()), keywords);
  }

  int size() {
    return positional.size() + keywords.size();
  }
}
