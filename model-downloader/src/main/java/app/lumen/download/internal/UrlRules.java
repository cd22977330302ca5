package app.lumen.download.internal;

import okhttp3.HttpUrl;

/** Downloads use HTTPS; plain HTTP is allowed only to this machine (tests, local mirrors). */
public final class UrlRules {
  private UrlRules() {}

  public static boolean isAllowed(String url) {
    HttpUrl parsed = HttpUrl.parse(url);
    return parsed != null && isAllowed(parsed);
  }

  public static boolean isAllowed(HttpUrl url) {
    return url.isHttps() || isLoopback(url.host());
  }

  /** Literal loopback names only: no DNS lookup, so a name cannot be made to point here. */
  static boolean isLoopback(String host) {
    return host.equals("localhost")
        || host.equals("::1")
        || host.equals("[::1]")
        || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }
}
