package app.lumen.cli;

import static org.junit.Assert.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import org.junit.Test;
import picocli.CommandLine;

/** {@code lumen models} on the shipped catalog: which families this version runs. */
public class ModelsCommandTest {
  /** The shipped catalog's families without a tested path through the engine. */
  private static final Set<String> UNSUPPORTED = Set.of("qwen3_5");

  @Test
  public void json_saysUnsupportedForExactlyQwen35() {
    for (String line : run("--json").split("\\R")) {
      JsonObject entry = JsonParser.parseString(line).getAsJsonObject();
      assertEquals(
          line,
          !UNSUPPORTED.contains(entry.get("family").getAsString()),
          entry.get("supported").getAsBoolean());
    }
  }

  @Test
  public void plain_saysNotSupportedOnExactlyTheUnsupportedRows() {
    for (String line : run().split("\\R")) {
      if (line.startsWith("ID ")) {
        continue;
      }
      String family = line.split("\\s+")[1];
      boolean marked = line.endsWith(" (not supported by this version)");
      assertEquals(line, UNSUPPORTED.contains(family), marked);
    }
  }

  private static String run(String... extra) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = LumenCli.newCommandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    String[] args = new String[extra.length + 1];
    args[0] = "models";
    System.arraycopy(extra, 0, args, 1, extra.length);
    assertEquals(err.toString(), 0, cli.execute(args));
    return out.toString().trim();
  }
}
