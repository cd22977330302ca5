package app.lumen.build.android;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.plugin.MojoExecutionException;

/**
 * The passwords of the release key, read from the environment or from a file.
 *
 * <p>Never from {@code -D} properties: those show in {@code ps} while the build runs and Maven's
 * debug output prints every property and mojo parameter. The passwords are therefore no mojo
 * parameters either, and this class never puts them into a message.
 */
final class ReleaseCredentials {
  static final String STORE_PASSWORD_ENV = "LUMEN_RELEASE_STORE_PASSWORD";
  static final String KEY_PASSWORD_ENV = "LUMEN_RELEASE_KEY_PASSWORD";

  /** Properties that once carried the passwords; refused so that nobody keeps passing them. */
  static final List<String> REFUSED_PROPERTIES =
      List.of("lumen.release.storePassword", "lumen.release.keyPassword");

  final String storePassword;
  final String keyPassword;

  private ReleaseCredentials(String storePassword, String keyPassword) {
    this.storePassword = storePassword;
    this.keyPassword = keyPassword;
  }

  /**
   * @param env the process environment
   * @param passwordFile a properties file with {@code storePassword} (and {@code keyPassword} when
   *     it differs), or null
   * @param userProperties the build's {@code -D} properties, checked for refused ones
   */
  static ReleaseCredentials read(
      Map<String, String> env, Path passwordFile, Properties userProperties)
      throws MojoExecutionException {
    for (String refused : REFUSED_PROPERTIES) {
      if (userProperties.containsKey(refused)) {
        throw new MojoExecutionException(
            "-D"
                + refused
                + " is not read: a password on the command line shows in the process list and"
                + " in build logs. Set "
                + STORE_PASSWORD_ENV
                + " (and "
                + KEY_PASSWORD_ENV
                + ") or pass -Dlumen.release.passwordFile=FILE");
      }
    }
    String store = env.get(STORE_PASSWORD_ENV);
    String key = env.get(KEY_PASSWORD_ENV);
    if (passwordFile != null) {
      Properties file = new Properties();
      try (Reader r = Files.newBufferedReader(passwordFile)) {
        file.load(r);
      } catch (IOException e) {
        throw new MojoExecutionException("cannot read the password file " + passwordFile, e);
      }
      store = store != null ? store : file.getProperty("storePassword");
      key = key != null ? key : file.getProperty("keyPassword");
    }
    if (store == null || store.isEmpty()) {
      throw new MojoExecutionException(
          "a release build needs the keystore password: set "
              + STORE_PASSWORD_ENV
              + " or pass -Dlumen.release.passwordFile=FILE (storePassword=..., keyPassword=...)");
    }
    return new ReleaseCredentials(store, key != null && !key.isEmpty() ? key : store);
  }
}
