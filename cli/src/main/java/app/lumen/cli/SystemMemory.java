package app.lumen.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory this machine can give the engine, which sizes the default context as the app's device
 * memory does on a phone. The decoder cache lives in native memory, outside the JVM's heap, so this
 * is physical memory: Linux's {@code MemAvailable}, else the free physical memory the JVM reports.
 */
final class SystemMemory {
  private SystemMemory() {}

  /** Available bytes; 0 when the system does not say. */
  static long availableBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.US_ASCII)) {
        if (line.startsWith("MemAvailable:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: ask the JVM
    }
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return Math.max(0, os.getFreeMemorySize());
    }
    return 0;
  }
}
