package app.lumen.inference.jinja;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * A Python tuple: a read-only list that prints as {@code ('a', 1)} and never equals a list, as
 * {@code dict.items()} pairs and {@code (a, b)} literals do in Jinja2.
 */
final class PyTuple extends AbstractList<Object> implements RandomAccess {
  private final Object[] items;

  PyTuple(Object... items) {
    this.items = items.clone();
  }

  static PyTuple of(List<?> items) {
    return new PyTuple(items.toArray());
  }

  @Override
  public Object get(int index) {
    return items[index];
  }

  @Override
  public int size() {
    return items.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PyTuple t && Arrays.equals(items, t.items);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(items);
  }
}
