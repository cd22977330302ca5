package app.lumen.build.android;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.codehaus.mojo.animal_sniffer.Clazz;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A jar of class stubs for the Java library an Android level offers ({@code java.*}, {@code
 * javax.*}, ...), made from an animal-sniffer signature.
 *
 * <p>Robolectric's {@code android-all} jars carry the framework but not the Java library, which
 * Robolectric takes from the JDK; the JDK is far newer than any phone's (it has {@code
 * java.lang.Record}, which Android gained only at API 34). The signature lists, per class, the
 * members that level has. Each stub keeps only those members, with the access flags of the running
 * JDK's class of the same name (interface or class, static or not) so that references resolve the
 * way they do on a device; methods have no code.
 */
final class JavaApiStubs {
  private JavaApiStubs() {}

  /**
   * Writes {@code out} with a stub for every class of {@code signature} that {@code platformJar}
   * does not define itself.
   */
  static void write(Path signature, Path platformJar, Path out) throws IOException {
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    Files.createDirectories(out.getParent());
    // The running JDK's image; it stays open for the life of the JVM.
    FileSystem jdk = FileSystems.getFileSystem(URI.create("jrt:/"));
    try (ZipFile platform = new ZipFile(platformJar.toFile());
        ObjectInputStream in =
            new ObjectInputStream(new GZIPInputStream(Files.newInputStream(signature)));
        ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
      for (Object o; (o = readNext(in)) != null; ) {
        Clazz clazz = (Clazz) o;
        String entry = clazz.getName() + ".class";
        if (platform.getEntry(entry) != null) {
          continue;
        }
        ZipEntry e = new ZipEntry(entry);
        e.setTime(0);
        zip.putNextEntry(e);
        zip.write(stub(clazz, jdkClass(jdk, entry)));
        zip.closeEntry();
      }
    } catch (ClassNotFoundException e) {
      throw new IOException(signature + ": not an animal-sniffer signature: " + e, e);
    }
    Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static Object readNext(ObjectInputStream in) throws IOException, ClassNotFoundException {
    try {
      return in.readObject();
    } catch (java.io.EOFException e) {
      return null;
    }
  }

  private static byte[] jdkClass(FileSystem jdk, String entry) throws IOException {
    try (var modules = Files.list(jdk.getPath("/modules"))) {
      for (Path module : modules.toList()) {
        Path file = module.resolve(entry);
        if (Files.exists(file)) {
          try (InputStream in = Files.newInputStream(file)) {
            return in.readAllBytes();
          }
        }
      }
    }
    return null;
  }

  private static byte[] stub(Clazz clazz, byte[] jdkClass) {
    ClassWriter writer = new ClassWriter(0);
    Set<String> members = clazz.getSignatures();
    if (jdkClass == null) {
      // A class the JDK lacks: a plain public class with the signature's members.
      writer.visit(
          Opcodes.V1_8,
          Opcodes.ACC_PUBLIC,
          clazz.getName(),
          null,
          clazz.getSuperClass(),
          clazz.getSuperInterfaces());
      for (String member : members) {
        int hash = member.indexOf('#');
        if (hash >= 0) {
          writer
              .visitField(
                  Opcodes.ACC_PUBLIC,
                  member.substring(0, hash),
                  member.substring(hash + 1),
                  null,
                  null)
              .visitEnd();
        } else {
          int paren = member.indexOf('(');
          writer
              .visitMethod(
                  Opcodes.ACC_PUBLIC | Opcodes.ACC_NATIVE,
                  member.substring(0, paren),
                  member.substring(paren),
                  null,
                  null)
              .visitEnd();
        }
      }
      writer.visitEnd();
      return writer.toByteArray();
    }
    new ClassReader(jdkClass)
        .accept(
            new ClassVisitor(Opcodes.ASM9, writer) {
              @Override
              public void visit(
                  int version,
                  int access,
                  String name,
                  String signature,
                  String superName,
                  String[] interfaces) {
                // Hierarchy as the Android level has it, not as the JDK does.
                super.visit(
                    Opcodes.V1_8,
                    access,
                    name,
                    null,
                    clazz.getSuperClass(),
                    clazz.getSuperInterfaces());
              }

              @Override
              public FieldVisitor visitField(
                  int access, String name, String descriptor, String signature, Object value) {
                return members.contains(name + "#" + descriptor)
                    ? super.visitField(access, name, descriptor, null, null)
                    : null;
              }

              @Override
              public MethodVisitor visitMethod(
                  int access, String name, String descriptor, String signature, String[] ex) {
                if (!members.contains(name + descriptor)) {
                  return null;
                }
                boolean bodyless = (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0;
                int stubAccess = bodyless ? access : access | Opcodes.ACC_NATIVE;
                return super.visitMethod(stubAccess, name, descriptor, null, null);
              }

              @Override
              public void visitSource(String source, String debug) {}

              @Override
              public void visitNestHost(String nestHost) {}

              @Override
              public void visitNestMember(String nestMember) {}

              @Override
              public void visitPermittedSubclass(String permittedSubclass) {}

              @Override
              public org.objectweb.asm.RecordComponentVisitor visitRecordComponent(
                  String name, String descriptor, String signature) {
                return null;
              }
            },
            ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return writer.toByteArray();
  }
}
