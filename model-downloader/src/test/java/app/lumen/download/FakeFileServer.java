package app.lumen.download;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import okio.BufferedSink;

/**
 * Serves byte arrays by path with HTTP range support, injecting scripted faults per path, and
 * records every request. A {@link Fault#STALL} holds its connection until {@link #releaseStalls()},
 * so tests synchronise on what the server did instead of on time. Thread-safe.
 */
final class FakeFileServer extends Dispatcher {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

  final Map<String, byte[]> files = new ConcurrentHashMap<>();
  final Map<String, Map<String, String>> headers = new ConcurrentHashMap<>();
  private final Map<String, Deque<Fault>> scripted = new ConcurrentHashMap<>();
  final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
  private final Semaphore stallsReached = new Semaphore(0);
  private final CountDownLatch stallsReleased = new CountDownLatch(1);

  /** Chooses a fault for requests without a scripted one (the stress test's random faults). */
  volatile Function<String, Fault> faultChooser = path -> Fault.NONE;

  /** Extra handlers tried first, by exact request target. */
  final Map<String, Function<RecordedRequest, MockResponse>> routes = new ConcurrentHashMap<>();

  void put(String path, byte[] content) {
    files.put(path, content);
  }

  void script(String path, Fault... faults) {
    scripted.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(Arrays.asList(faults));
  }

  List<String> rangesFor(String path) {
    List<String> out = new ArrayList<>();
    synchronized (requests) {
      for (RecordedRequest r : requests) {
        if (r.getUrl().encodedPath().equals(path)) {
          out.add(r.getHeaders().get("Range"));
        }
      }
    }
    return out;
  }

  /** Blocks until one more response has sent half its body and is holding the connection. */
  void awaitStall() throws InterruptedException {
    stallsReached.acquire();
  }

  /**
   * Like {@link #awaitStall()}, but fails at once if {@code task} ends first (code under test that
   * never makes the request must fail the test, not hang it).
   */
  void awaitStall(DownloadTask task) throws Exception {
    Executor ownThread =
        r -> {
          Thread t = new Thread(r, "await-stall");
          t.setDaemon(true);
          t.start();
        };
    CompletableFuture<Void> stalled =
        CompletableFuture.runAsync(stallsReached::acquireUninterruptibly, ownThread);
    CompletableFuture<Void> ended =
        CompletableFuture.runAsync(
            () -> {
              try {
                task.await();
              } catch (Exception e) {
                // ended all the same
              }
            },
            ownThread);
    CompletableFuture.anyOf(stalled, ended).get();
    if (!stalled.isDone()) {
      throw new AssertionError("the task ended before the server stalled: " + task.state());
    }
  }

  /** Lets every held response, and every later one, send the rest of its body. */
  void releaseStalls() {
    stallsReleased.countDown();
  }

  int requestCount(String path) {
    return rangesFor(path).size();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    requests.add(request);
    Function<RecordedRequest, MockResponse> route = routes.get(request.getTarget());
    if (route != null) {
      return route.apply(request);
    }
    String path = request.getUrl().encodedPath();
    byte[] content = files.get(path);
    if (content == null) {
      return new MockResponse.Builder().code(404).build();
    }
    Fault fault;
    Deque<Fault> queue = scripted.get(path);
    synchronized (this) {
      fault = queue != null && !queue.isEmpty() ? queue.poll() : null;
    }
    if (fault == null) {
      fault = faultChooser.apply(path);
    }
    switch (fault) {
      case STATUS_503:
        return new MockResponse.Builder().code(503).build();
      case STATUS_429:
        return new MockResponse.Builder().code(429).setHeader("Retry-After", "2").build();
      case STATUS_404:
        return new MockResponse.Builder().code(404).build();
      case DISCONNECT:
        return new MockResponse.Builder()
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build();
      default:
        break;
    }
    long start = 0;
    String range = request.getHeaders().get("Range");
    if (range != null && fault != Fault.IGNORE_RANGE) {
      Matcher m = RANGE.matcher(range);
      if (m.matches()) {
        start = Long.parseLong(m.group(1));
      }
    }
    MockResponse.Builder b = new MockResponse.Builder();
    if (start >= content.length && start > 0) {
      b.code(416).setHeader("Content-Range", "bytes */" + content.length);
      return withHeaders(b, path).build();
    }
    long total = fault == Fault.WRONG_TOTAL ? content.length + 1000 : content.length;
    if (fault == Fault.WRONG_OFFSET) {
      start /= 2;
    }
    byte[] slice = Arrays.copyOfRange(content, (int) start, content.length);
    if (start > 0) {
      b.code(206)
          .setHeader("Content-Range", "bytes " + start + "-" + (content.length - 1) + "/" + total);
    } else {
      b.code(200);
    }
    switch (fault) {
      case CUT_MID_BODY:
        {
          byte[] half = Arrays.copyOf(slice, slice.length / 2);
          b.body(new Buffer().write(half))
              .setHeader("Content-Length", slice.length)
              .onResponseEnd(new SocketEffect.CloseSocket());
          return withHeaders(b, path).build();
        }
      case WRONG_BYTES:
        {
          byte[] bad = slice.clone();
          if (bad.length > 0) {
            bad[bad.length / 2] ^= 0x5a;
          }
          b.body(new Buffer().write(bad));
          return withHeaders(b, path).build();
        }
      case LYING_LENGTH:
        {
          byte[] longer = Arrays.copyOf(slice, slice.length + 7);
          b.body(new Buffer().write(longer));
          if (start > 0) {
            b.setHeader(
                "Content-Range",
                "bytes " + start + "-" + (content.length + 6) + "/" + (content.length + 7));
          }
          return withHeaders(b, path).build();
        }
      case STALL:
        b.body(stallingBody(slice));
        return withHeaders(b, path).build();
      default:
        b.body(new Buffer().write(slice));
        return withHeaders(b, path).build();
    }
  }

  private MockResponseBody stallingBody(byte[] slice) {
    return new MockResponseBody() {
      @Override
      public long getContentLength() {
        return slice.length;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        int half = slice.length / 2;
        sink.write(slice, 0, half);
        sink.flush();
        stallsReached.release();
        try {
          stallsReleased.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("stall interrupted");
        }
        sink.write(slice, half, slice.length - half);
        sink.flush();
      }
    };
  }

  private MockResponse.Builder withHeaders(MockResponse.Builder b, String path) {
    Map<String, String> extra = headers.get(path);
    if (extra != null) {
      extra.forEach(b::setHeader);
    }
    return b;
  }
}
