package app.lumen.inference.jinja;

import java.util.List;

/**
 * Jinja2's {@code cycler(*items)}: {@code next()} returns the current item and moves on, {@code
 * current} is the item {@code next()} returns next, {@code reset()} starts over.
 */
final class Cycler implements HasAttributes {
  private final List<Object> items;
  private int position;

  Cycler(List<Object> items) {
    if (items.isEmpty()) {
      throw new Failure("cycler() needs at least one item");
    }
    this.items = items;
  }

  @Override
  public Object attribute(String name) {
    return switch (name) {
      case "current" -> items.get(position);
      case "next" ->
          (PyCallable)
              args -> {
                Object item = items.get(position);
                position = (position + 1) % items.size();
                return item;
              };
      case "reset" ->
          (PyCallable)
              args -> {
                position = 0;
                return null;
              };
      default -> Undefined.because("'Cycler' object has no attribute '" + name + "'");
    };
  }
}
