package app.lumen.download.internal;

import java.io.IOException;
import okhttp3.Interceptor;

/** Raised by {@link #INTERCEPTOR} when a request or a redirect leaves HTTPS for a remote host. */
public final class InsecureUrlException extends IOException {
  private static final long serialVersionUID = 1L;

  /** A network interceptor sees every redirect hop, so a redirect to http:// is refused too. */
  public static final Interceptor INTERCEPTOR =
      chain -> {
        if (!UrlRules.isAllowed(chain.request().url())) {
          throw new InsecureUrlException("refusing non-HTTPS URL " + chain.request().url());
        }
        return chain.proceed(chain.request());
      };

  public InsecureUrlException(String message) {
    super(message);
  }
}
