package app.lumen.build.android;

import com.android.tools.r8.CompilationFailedException;
import com.android.tools.r8.D8;
import com.android.tools.r8.D8Command;
import com.android.tools.r8.DexIndexedConsumer;
import com.android.tools.r8.references.FieldReference;
import com.android.tools.r8.references.MethodReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Checks that a library came through R8 whole: every class, field and method of its jar is in the
 * dex under its original name with its original descriptor.
 *
 * <p>ONNX Runtime's JNI library finds its Java side by name ({@code FindClass}, {@code
 * GetMethodID}, {@code GetFieldID} with names compiled into the {@code .so}): it constructs {@code
 * OnnxTensor} and {@code OrtException}, reads fields of the session options, calls back into {@code
 * ai.onnxruntime}. A member that R8 renamed, removed or changed the signature of is found by no
 * test on the JVM and fails on the phone with {@code NoSuchMethodError} or a crash inside the
 * native library. Static initializers are not checked: nothing names them, the runtime runs them.
 */
final class KeptNamesCheck {
  /**
   * @param problems one line per class or member missing from the dex
   * @param classes how many classes of the library were checked
   * @param members how many of their fields and methods were checked
   */
  record Result(List<String> problems, int classes, int members) {}

  private static final String CLASS_INITIALIZER = "<clinit>";

  private KeptNamesCheck() {}

  /**
   * @param dex the APK's dex files
   * @param library the jar whose classes must all be there
   * @param leftOut classes the build leaves out of the APK on purpose ({@link ClassFilter})
   */
  static Result check(List<Path> dex, Path library, ClassFilter leftOut)
      throws IOException, CompilationFailedException {
    Map<String, Set<String>> expected = definitions(library, leftOut);
    Map<String, Set<String>> found = definitions(dex);
    List<String> problems = new ArrayList<>();
    int members = 0;
    for (var e : expected.entrySet()) {
      String javaName = e.getKey().replace('/', '.');
      members += e.getValue().size();
      Set<String> inDex = found.get(e.getKey());
      if (inDex == null) {
        problems.add(javaName + ": not in the dex under this name (renamed or removed by R8)");
        continue;
      }
      for (String member : e.getValue()) {
        if (!inDex.contains(member)) {
          problems.add(
              javaName
                  + "."
                  + member
                  + ": not in the dex under this name and descriptor"
                  + " (renamed, removed or changed by R8)");
        }
      }
    }
    return new Result(problems, expected.size(), members);
  }

  /**
   * Each class of a jar (internal name) with its members as {@code name:descriptor} (fields) and
   * {@code name(descriptor)} (methods).
   */
  static Map<String, Set<String>> definitions(Path jar, ClassFilter leftOut) throws IOException {
    Map<String, Set<String>> classes = new TreeMap<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (ZipEntry e : zip.stream().toList()) {
        String name = e.getName();
        if (!name.endsWith(".class") || name.endsWith("module-info.class")) {
          continue;
        }
        if (name.startsWith("META-INF/") || leftOut.excludes(name)) {
          continue;
        }
        try (InputStream in = zip.getInputStream(e)) {
          new ClassReader(in.readAllBytes()).accept(new MemberCollector(classes), 0);
        }
      }
    }
    return classes;
  }

  /** Each class defined in dex files, with its members named as for a jar. */
  static Map<String, Set<String>> definitions(List<Path> dex) throws CompilationFailedException {
    Map<String, Set<String>> classes = new HashMap<>();
    // d8 reads dex as it is (no renaming, no shrinking); its inspector lists what it read.
    D8.run(
        D8Command.builder()
            .addProgramFiles(dex)
            .setProgramConsumer(DexIndexedConsumer.emptyConsumer())
            .addOutputInspection(
                inspector ->
                    inspector.forEachClass(
                        c -> {
                          Set<String> members = new TreeSet<>();
                          c.forEachField(f -> members.add(field(f.getFieldReference())));
                          c.forEachMethod(m -> members.add(method(m.getMethodReference())));
                          synchronized (classes) {
                            classes.put(c.getClassReference().getBinaryName(), members);
                          }
                        }))
            .build());
    return classes;
  }

  private static String field(FieldReference f) {
    return f.getFieldName() + ":" + f.getFieldType().getDescriptor();
  }

  private static String method(MethodReference m) {
    return m.getMethodName() + m.getMethodDescriptor();
  }

  private static final class MemberCollector extends ClassVisitor {
    private final Map<String, Set<String>> classes;
    private Set<String> members;

    MemberCollector(Map<String, Set<String>> classes) {
      super(Opcodes.ASM9);
      this.classes = classes;
    }

    @Override
    public void visit(
        int version, int access, String name, String sig, String superName, String[] ifaces) {
      members = new TreeSet<>();
      classes.put(name, members);
    }

    @Override
    public FieldVisitor visitField(
        int access, String name, String descriptor, String signature, Object value) {
      members.add(name + ":" + descriptor);
      return null;
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      if (!name.equals(CLASS_INITIALIZER)) {
        members.add(name + descriptor);
      }
      return null;
    }
  }
}
