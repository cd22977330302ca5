package app.lumen.inference.jinja;

/** A template object with attributes of its own: {@code loop}, a {@code cycler}. */
interface HasAttributes {
  /** The attribute {@code name}, or an {@link Undefined} saying there is none. */
  Object attribute(String name);
}
