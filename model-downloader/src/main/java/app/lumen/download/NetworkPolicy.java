package app.lumen.download;

/**
 * Whether downloading may use the current network. The Android side maps {@link #requirement()} to
 * WorkManager constraints ({@code UNMETERED} or {@code CONNECTED}) and answers {@link
 * #isSatisfied()} from the connectivity service; the CLI uses {@link #ANY_NETWORK}. Implementations
 * must be thread-safe; {@link #isSatisfied()} is asked before every attempt.
 */
public interface NetworkPolicy {
  /** Which networks the user allows. */
  enum Requirement {
    /** Wi-Fi or other unmetered networks only. */
    UNMETERED,
    /** Any network, mobile data included. */
    ANY
  }

  NetworkPolicy ANY_NETWORK =
      new NetworkPolicy() {
        @Override
        public Requirement requirement() {
          return Requirement.ANY;
        }

        @Override
        public boolean isSatisfied() {
          return true;
        }
      };

  Requirement requirement();

  /** Whether the current network meets {@link #requirement()}. */
  boolean isSatisfied();
}
