package app.lumen.inference.internal;

import java.lang.management.ManagementFactory;

/**
 * Heap bytes allocated by the calling thread, from HotSpot's per-thread counter. Tests compare two
 * counts (a copy of a cache or a logits tensor is megabytes; the objects around a graph run are a
 * few kilobytes), never timings.
 */
final class ThreadAllocations {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  static {
    THREADS.setThreadAllocatedMemoryEnabled(true);
  }

  private ThreadAllocations() {}

  static long current() {
    return THREADS.getCurrentThreadAllocatedBytes();
  }
}
