package app.lumen.build.android;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;

/**
 * The functions an ELF shared library exports: the defined global or weak {@code FUNC} entries of
 * its {@code .dynsym} table, which is what {@code dlsym} (and so JNI's lookup of {@code Java_...}
 * entry points) can find. Reads 32- and 64-bit little-endian files, the formats of every Android
 * ABI.
 */
final class ElfSymbols {
  private static final int SHT_DYNSYM = 11;
  private static final int SHN_UNDEF = 0;
  private static final int STB_GLOBAL = 1;
  private static final int STB_WEAK = 2;
  private static final int STT_FUNC = 2;

  private ElfSymbols() {}

  /** Names of the functions {@code elf} exports; throws when it is not a readable ELF file. */
  static Set<String> exportedFunctions(byte[] elf) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
    if (elf.length < 52 || b.getInt(0) != 0x464c457f) {
      throw new IOException("not an ELF file");
    }
    boolean is64 = elf[4] == 2;
    if (elf[4] != 1 && !is64) {
      throw new IOException("unknown ELF class " + elf[4]);
    }
    if (elf[5] != 1) {
      throw new IOException("big-endian ELF files are not Android libraries");
    }
    try {
      long sectionTable = is64 ? b.getLong(0x28) : Integer.toUnsignedLong(b.getInt(0x20));
      int entrySize = Short.toUnsignedInt(b.getShort(is64 ? 0x3A : 0x2E));
      int count = Short.toUnsignedInt(b.getShort(is64 ? 0x3C : 0x30));
      for (int i = 0; i < count; i++) {
        Section s = Section.read(b, Math.toIntExact(sectionTable + (long) i * entrySize), is64);
        if (s.type == SHT_DYNSYM) {
          Section strings =
              Section.read(b, Math.toIntExact(sectionTable + (long) s.link * entrySize), is64);
          return functions(b, s, strings, is64);
        }
      }
    } catch (IndexOutOfBoundsException | ArithmeticException e) {
      throw new IOException("truncated or malformed ELF file", e);
    }
    throw new IOException("no .dynsym section (section headers stripped?)");
  }

  private static Set<String> functions(ByteBuffer b, Section symbols, Section strings, boolean is64)
      throws IOException {
    int entrySize = is64 ? 24 : 16;
    Set<String> names = new TreeSet<>();
    for (long p = symbols.offset; p + entrySize <= symbols.offset + symbols.size; p += entrySize) {
      int at = Math.toIntExact(p);
      int name = b.getInt(at);
      int info = Byte.toUnsignedInt(b.get(at + (is64 ? 4 : 12)));
      int sectionIndex = Short.toUnsignedInt(b.getShort(at + (is64 ? 6 : 14)));
      int binding = info >>> 4;
      if (sectionIndex != SHN_UNDEF
          && (info & 0xf) == STT_FUNC
          && (binding == STB_GLOBAL || binding == STB_WEAK)) {
        names.add(string(b, Math.toIntExact(strings.offset + Integer.toUnsignedLong(name))));
      }
    }
    return names;
  }

  private static String string(ByteBuffer b, int at) throws IOException {
    int end = at;
    while (b.get(end) != 0) {
      end++;
    }
    byte[] bytes = new byte[end - at];
    b.get(at, bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private record Section(int type, long offset, long size, int link) {
    static Section read(ByteBuffer b, int at, boolean is64) {
      int type = b.getInt(at + 4);
      if (is64) {
        return new Section(type, b.getLong(at + 0x18), b.getLong(at + 0x20), b.getInt(at + 0x28));
      }
      return new Section(
          type,
          Integer.toUnsignedLong(b.getInt(at + 0x10)),
          Integer.toUnsignedLong(b.getInt(at + 0x14)),
          b.getInt(at + 0x18));
    }
  }
}
