package app.lumen.build.android;

import java.util.List;

/**
 * The symbol names under which the JVM and ART look up a {@code native} method: the short form
 * {@code Java_<class>_<method>} and, for overloads, the long form that appends {@code __<argument
 * descriptors>} (JNI specification, "Resolving Native Method Names").
 */
final class JniNames {
  private JniNames() {}

  /**
   * Both names of a method, given its class in internal form ({@code ai/onnxruntime/OrtSession})
   * and its descriptor ({@code (JJ)V}).
   */
  static List<String> of(String internalClassName, String methodName, String descriptor) {
    String shortName = "Java_" + mangle(internalClassName) + "_" + mangle(methodName);
    String arguments = descriptor.substring(1, descriptor.indexOf(')'));
    return List.of(shortName, shortName + "__" + mangle(arguments));
  }

  static String mangle(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '/' -> out.append('_');
        case '_' -> out.append("_1");
        case ';' -> out.append("_2");
        case '[' -> out.append("_3");
        default -> {
          if (c < 0x80 && Character.isLetterOrDigit(c)) {
            out.append(c);
          } else {
            out.append("_0").append(String.format("%04x", (int) c));
          }
        }
      }
    }
    return out.toString();
  }
}
