package app.lumen.download.internal;

import app.lumen.download.DownloadException;
import app.lumen.download.DownloadException.Reason;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps two tasks from writing the same files: one writer appending to a {@code .part} that another
 * has just verified and renamed would corrupt an installed file. In this process a set of keys
 * guards; across processes an OS file lock on a lock file that is never deleted (deleting it would
 * let two processes lock two different files of the same name).
 */
final class TaskLock implements AutoCloseable {
  private static final Set<String> HELD = ConcurrentHashMap.newKeySet();

  private final String key;
  private final FileChannel channel;
  private final FileLock lock;

  private TaskLock(String key, FileChannel channel, FileLock lock) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * @param lockFile the file to lock across processes, or null for an in-process guard only
   * @throws DownloadException {@link Reason#BUSY} if another task holds it
   */
  static TaskLock acquire(String key, Path lockFile, String what) throws DownloadException {
    if (!HELD.add(key)) {
      throw busy(what);
    }
    if (lockFile == null) {
      return new TaskLock(key, null, null);
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(lockFile.toAbsolutePath().getParent());
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw busy(what);
      }
      return new TaskLock(key, channel, lock);
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel);
      HELD.remove(key);
      throw busy(what);
    } catch (DownloadException e) {
      closeQuietly(channel);
      HELD.remove(key);
      throw e;
    } catch (IOException e) {
      closeQuietly(channel);
      HELD.remove(key);
      throw new DownloadException(Reason.STORAGE, what, "cannot lock " + lockFile + ": " + e, e);
    }
  }

  private static DownloadException busy(String what) {
    return new DownloadException(Reason.BUSY, what, "another download of it is running");
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing was locked
      }
    }
  }

  @Override
  public void close() {
    try {
      if (lock != null) {
        lock.release();
      }
    } catch (IOException ignored) {
      // closing the channel below releases it too
    } finally {
      closeQuietly(channel);
      HELD.remove(key);
    }
  }
}
