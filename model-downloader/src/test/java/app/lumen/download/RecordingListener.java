package app.lumen.download;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Keeps every event for assertions. */
final class RecordingListener implements DownloadListener {
  final List<DownloadState> states = Collections.synchronizedList(new ArrayList<>());
  final List<DownloadProgress> progress = Collections.synchronizedList(new ArrayList<>());
  final List<String> retries = Collections.synchronizedList(new ArrayList<>());
  final List<String> verified = Collections.synchronizedList(new ArrayList<>());
  volatile boolean concurrentCall;
  private volatile boolean inCall;

  private void enter() {
    if (inCall) {
      concurrentCall = true;
    }
    inCall = true;
  }

  private void leave() {
    inCall = false;
  }

  @Override
  public void onStateChanged(DownloadState state) {
    enter();
    states.add(state);
    leave();
  }

  @Override
  public void onProgress(DownloadProgress p) {
    enter();
    progress.add(p);
    leave();
  }

  @Override
  public void onFileVerified(String file, long size, String sha256) {
    enter();
    verified.add(file);
    leave();
  }

  @Override
  public void onRetry(String file, int attempt, long delayMillis, String cause) {
    enter();
    retries.add(file + "#" + attempt + " +" + delayMillis + "ms: " + cause);
    leave();
  }

  List<DownloadState.Kind> kinds() {
    List<DownloadState.Kind> out = new ArrayList<>();
    synchronized (states) {
      for (DownloadState s : states) {
        out.add(s.kind());
      }
    }
    return out;
  }
}
