package app.lumen.inference.jinja;

/** Anything a template can call: a macro, a global such as {@code namespace}, a bound method. */
interface PyCallable {
  Object call(CallArgs args);
}
