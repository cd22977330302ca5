package app.lumen.download;

import java.util.concurrent.CountDownLatch;

/**
 * Opens once a task reports at least {@code bytes} of {@code file} on disk: with {@link
 * FakeFileServer#awaitStall()} it tells a test that the client has read what the server sent before
 * stalling. Needs a downloader whose progress interval is 0. Thread-safe.
 */
final class BytesLatch implements DownloadListener {
  private final String file;
  private final long bytes;
  private final CountDownLatch reached = new CountDownLatch(1);

  BytesLatch(String file, long bytes) {
    this.file = file;
    this.bytes = bytes;
  }

  @Override
  public void onProgress(DownloadProgress p) {
    if (file.equals(p.file()) && p.fileBytes() >= bytes) {
      reached.countDown();
    }
  }

  void await() throws InterruptedException {
    reached.await();
  }
}
