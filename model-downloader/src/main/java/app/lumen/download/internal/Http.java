package app.lumen.download.internal;

import java.io.IOException;
import java.net.ProtocolException;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Executes a GET and follows redirects itself, so every hop is checked against {@link UrlRules}
 * before any connection to it (OkHttp's own redirects resolve the next host first), and the
 * origin's headers (Hugging Face's {@code X-Linked-Etag}) stay available.
 */
final class Http {
  /** Hugging Face needs one hop to its CDN; ten is far more than any sane chain. */
  static final int MAX_REDIRECTS = 10;

  private Http() {}

  /** A response, the headers of the first response in its redirect chain, and its cancel hook. */
  static final class Exchange implements AutoCloseable {
    final Response response;
    final Headers originHeaders;
    private final Call call;
    private final StopSignal stop;

    Exchange(Response response, Headers originHeaders, Call call, StopSignal stop) {
      this.response = response;
      this.originHeaders = originHeaders;
      this.call = call;
      this.stop = stop;
    }

    @Override
    public void close() {
      try {
        response.close();
      } finally {
        stop.unregister(call);
      }
    }
  }

  static Exchange execute(OkHttpClient client, Request request, StopSignal stop)
      throws IOException {
    Headers origin = null;
    Request current = request;
    for (int hops = 0; ; hops++) {
      if (!UrlRules.isAllowed(current.url())) {
        throw new InsecureUrlException("refusing non-HTTPS URL " + current.url());
      }
      Call call = client.newCall(current);
      stop.register(call);
      Response response;
      try {
        response = call.execute();
      } catch (IOException | RuntimeException e) {
        stop.unregister(call);
        throw e;
      }
      if (origin == null) {
        origin = response.headers();
      }
      String location = response.header("Location");
      if (isRedirect(response.code()) && location != null) {
        HttpUrl next = response.request().url().resolve(location);
        response.close();
        stop.unregister(call);
        if (next == null) {
          throw new ProtocolException("unreadable redirect Location: " + location);
        }
        if (hops + 1 > MAX_REDIRECTS) {
          throw new ProtocolException("more than " + MAX_REDIRECTS + " redirects");
        }
        current = current.newBuilder().url(next).build();
        continue;
      }
      return new Exchange(response, origin, call, stop);
    }
  }

  private static boolean isRedirect(int code) {
    return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
  }
}
