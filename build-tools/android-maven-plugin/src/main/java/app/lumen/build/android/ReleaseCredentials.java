package app.lumen.build.android;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.maven.plugin.MojoExecutionException;

/**
 * The passwords of the release key, read from a file or from a {@code <server>} of Maven's {@code
 * settings.xml} (which Maven can keep encrypted).
 *
 * <p>Never from {@code -D} properties, which show in {@code ps} while the build runs, nor from
 * environment variables, which {@code mvn -X} prints in full ({@code [DEBUG] env.NAME: value}) for
 * every module. The passwords are no mojo parameters either (the debug output prints those), and
 * this class never puts them into a message.
 */
final class ReleaseCredentials {
  /** The {@code settings.xml} server: password = keystore password, passphrase = key password. */
  static final String SERVER_ID = "lumen-release";

  /** Properties that would carry a password on the command line; refused. */
  static final List<String> REFUSED_PROPERTIES =
      List.of("lumen.release.storePassword", "lumen.release.keyPassword");

  /** A {@code settings.xml} server as Maven hands it out, already decrypted. */
  record Server(String password, String passphrase) {}

  final String storePassword;
  final String keyPassword;

  private ReleaseCredentials(String storePassword, String keyPassword) {
    this.storePassword = storePassword;
    this.keyPassword = keyPassword;
  }

  /**
   * @param passwordFile a properties file with {@code storePassword} (and {@code keyPassword} when
   *     it differs), or null
   * @param server the {@code lumen-release} server of {@code settings.xml}, or null
   * @param userProperties the build's {@code -D} properties, checked for refused ones
   */
  static ReleaseCredentials read(Path passwordFile, Server server, Properties userProperties)
      throws MojoExecutionException {
    for (String refused : REFUSED_PROPERTIES) {
      if (userProperties.containsKey(refused)) {
        throw new MojoExecutionException(
            "-D"
                + refused
                + " is not read: a password on the command line shows in the process"
                + " list and in build logs. "
                + WHERE);
      }
    }
    String store = null;
    String key = null;
    if (passwordFile != null) {
      Properties file = new Properties();
      try (Reader r = Files.newBufferedReader(passwordFile)) {
        file.load(r);
      } catch (IOException e) {
        throw new MojoExecutionException("cannot read the password file " + passwordFile, e);
      }
      store = file.getProperty("storePassword");
      key = file.getProperty("keyPassword");
    } else if (server != null) {
      store = server.password();
      key = server.passphrase();
    }
    if (store == null || store.isEmpty()) {
      throw new MojoExecutionException("a release build needs the keystore password. " + WHERE);
    }
    return new ReleaseCredentials(store, key != null && !key.isEmpty() ? key : store);
  }

  private static final String WHERE =
      "Pass -Dlumen.release.passwordFile=FILE (a properties file: storePassword=..., keyPassword=...)"
          + " or add a <server> with id "
          + SERVER_ID
          + " to ~/.m2/settings.xml (<password> the keystore's, <passphrase> the key's; mvn"
          + " --encrypt-password can encrypt them)";
}
