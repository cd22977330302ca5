package app.lumen.build.android;

import com.android.tools.r8.CompilationFailedException;
import com.android.tools.r8.Diagnostic;
import com.android.tools.r8.DiagnosticsHandler;
import com.android.tools.r8.diagnostic.DefinitionContext;
import com.android.tools.r8.origin.MethodOrigin;
import com.android.tools.r8.references.ClassReference;
import com.android.tools.r8.references.FieldReference;
import com.android.tools.r8.references.MethodReference;
import com.android.tools.r8.tracereferences.TraceReferences;
import com.android.tools.r8.tracereferences.TraceReferencesCommand;
import com.android.tools.r8.tracereferences.TraceReferencesConsumer;
import com.android.tools.r8.tracereferences.TraceReferencesNativeReferencesConsumer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What compiled code refers to in a set of target classes (found or missing) and which native
 * methods it declares: one pass of R8's {@code TraceReferences} over dex or class files.
 *
 * <p>References are resolved the way the runtime resolves them (through superclasses and
 * interfaces), so a method inherited from a platform class counts as defined.
 */
final class DexReferences {
  /**
   * A reference from the traced code into the target, or to something nothing defines.
   *
   * @param target the class, method or field, in Java notation
   * @param targetClass the internal name of the item's class ({@code java/lang/Record})
   * @param fromClass the internal name of the class whose code or declaration refers to it
   * @param modifiers the definition's modifiers as found ({@code "public static"}), or null when
   *     nothing defines it
   */
  record Reference(String target, String targetClass, String fromClass, String modifiers) {
    boolean isMissing() {
      return modifiers == null;
    }
  }

  /**
   * A {@code native} method; {@code owner} in internal form, e.g. {@code
   * ai/onnxruntime/OrtSession}.
   */
  record NativeMethod(String owner, String name, String descriptor) {}

  private final List<Reference> references = Collections.synchronizedList(new ArrayList<>());
  private final List<NativeMethod> natives = Collections.synchronizedList(new ArrayList<>());

  private DexReferences() {}

  /**
   * Traces {@code sources} (dex files, jars of class files) against {@code targets} (jars whose
   * classes count as defined, and whose uses are reported) and {@code libraries} (jars whose
   * classes count as defined, uses not reported).
   */
  static DexReferences trace(List<Path> sources, List<Path> targets, List<Path> libraries)
      throws CompilationFailedException {
    DexReferences result = new DexReferences();
    TraceReferencesCommand.Builder command =
        TraceReferencesCommand.builder(new QuietDiagnostics())
            .addSourceFiles(sources)
            .addTargetFiles(targets)
            .addLibraryFiles(libraries)
            .setConsumer(result.new Collector())
            .setNativeReferencesConsumer(result.new NativeCollector());
    TraceReferences.run(command.build());
    return result;
  }

  List<Reference> missing() {
    return references.stream().filter(Reference::isMissing).toList();
  }

  /** Every reference into the targets and every missing one. */
  List<Reference> references() {
    return List.copyOf(references);
  }

  List<NativeMethod> nativeMethods() {
    return List.copyOf(natives);
  }

  private static String fromClass(DefinitionContext context) {
    if (context.isMethodContext()) {
      return context.asMethodContext().getMethodReference().getHolderClass().getBinaryName();
    }
    if (context.isFieldContext()) {
      return context.asFieldContext().getFieldReference().getHolderClass().getBinaryName();
    }
    return context.asClassContext().getClassReference().getBinaryName();
  }

  private final class Collector implements TraceReferencesConsumer {
    @Override
    public void acceptType(TracedClass traced, DiagnosticsHandler handler) {
      ClassReference c = traced.getReference();
      String kind = "";
      if (!traced.isMissingDefinition()) {
        ClassAccessFlags flags = traced.getAccessFlags();
        kind = flags.isInterface() ? " interface" : flags.isEnum() ? " enum" : " class";
      }
      add(c.getTypeName(), c, traced, kind);
    }

    @Override
    public void acceptField(TracedField traced, DiagnosticsHandler handler) {
      FieldReference f = traced.getReference();
      String target =
          f.getHolderClass().getTypeName() + "." + f.getFieldName() + ":" + f.getFieldType();
      add(target, f.getHolderClass(), traced, "");
    }

    @Override
    public void acceptMethod(TracedMethod traced, DiagnosticsHandler handler) {
      MethodReference m = traced.getReference();
      String target =
          m.getHolderClass().getTypeName() + "." + m.getMethodName() + m.getMethodDescriptor();
      add(target, m.getHolderClass(), traced, "");
    }

    private void add(
        String target, ClassReference targetClass, TracedReference<?, ?> traced, String kind) {
      String modifiers =
          traced.isMissingDefinition()
              ? null
              : (modifiers((AccessFlags) traced.getAccessFlags()) + kind).trim();
      references.add(
          new Reference(
              target,
              targetClass.getBinaryName(),
              fromClass(traced.getReferencedFromContext()),
              modifiers));
    }

    private static String modifiers(AccessFlags flags) {
      String visibility =
          flags.isPublic()
              ? "public"
              : flags.isProtected() ? "protected" : flags.isPrivate() ? "private" : "package";
      return visibility + (flags.isStatic() ? " static" : "");
    }
  }

  private final class NativeCollector implements TraceReferencesNativeReferencesConsumer {
    @Override
    public void acceptNativeMethod(MethodReference method, DiagnosticsHandler handler) {
      natives.add(
          new NativeMethod(
              method.getHolderClass().getBinaryName(),
              method.getMethodName(),
              method.getMethodDescriptor()));
    }

    @Override
    public void acceptLoadLibrary(String name, MethodOrigin origin, DiagnosticsHandler handler) {}

    @Override
    public void acceptLoadLibraryAny(MethodOrigin origin, DiagnosticsHandler handler) {}

    @Override
    public void acceptLoad(String name, MethodOrigin origin, DiagnosticsHandler handler) {}

    @Override
    public void acceptLoadAny(MethodOrigin origin, DiagnosticsHandler handler) {}
  }

  /** Missing definitions arrive through the consumer; R8's own warnings are not problems here. */
  private static final class QuietDiagnostics implements DiagnosticsHandler {
    @Override
    public void warning(Diagnostic warning) {}

    @Override
    public void info(Diagnostic info) {}
  }
}
