package app.lumen.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lumen} command: each feature adds its subcommand to {@link #newCommandLine()}. */
@Command(
    name = "lumen",
    mixinStandardHelpOptions = true,
    versionProvider = LumenCli.Version.class,
    description = "Lumen on the desktop: the same engine as the Android app.",
    subcommands = {
      CommandLine.HelpCommand.class,
      DownloadCommand.class,
      ModelsCommand.class,
      TestkitCommand.class,
      TokenizeCommand.class,
      DetokenizeCommand.class,
      RenderCommand.class,
      ValidateCommand.class,
      BenchTokenizerCommand.class,
      GenerateCommand.class,
      ChatCommand.class,
      DemoCommand.class,
      BenchCommand.class,
      PreprocessCommand.class
    })
public final class LumenCli implements Runnable {

  /** Exit codes shared by every command (the CLI contract). */
  public static final int EXIT_OK = 0;

  public static final int EXIT_OTHER = 1;
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_INVALID_INPUT = 3;
  public static final int EXIT_NETWORK = 4;
  public static final int EXIT_INTEGRITY = 5;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The command tree, with the contract's exit codes for usage errors. */
  public static CommandLine newCommandLine() {
    CommandLine commandLine = new CommandLine(new LumenCli());
    // Token text and JSON are UTF-8 whatever the platform's default charset is.
    commandLine.setOut(
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
    commandLine.setErr(
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    // picocli consults this mapper for parse errors too, so usage errors must be mapped here.
    commandLine.setExitCodeExceptionMapper(
        e -> e instanceof CommandLine.ParameterException ? EXIT_USAGE : EXIT_OTHER);
    commandLine.getCommandSpec().exitCodeOnInvalidInput(EXIT_USAGE);
    return commandLine;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = LumenCli.class.getPackage().getImplementationVersion();
      return new String[] {"lumen " + (version == null ? "dev" : version)};
    }
  }
}
