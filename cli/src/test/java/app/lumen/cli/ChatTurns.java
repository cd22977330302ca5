package app.lumen.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The per-answer summary lines `lumen chat` writes to stderr, read back for tests. */
final class ChatTurns {
  private static final Pattern SUMMARY = Pattern.compile("prefill (\\d+) tok \\(reused (\\d+)");

  /** One answer's prompt: tokens run through the model, and tokens taken from the cache. */
  record Turn(int prefilled, int reused) {}

  private ChatTurns() {}

  static List<Turn> read(String stderr) {
    Matcher m = SUMMARY.matcher(stderr);
    List<Turn> turns = new ArrayList<>();
    while (m.find()) {
      turns.add(new Turn(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
    }
    return turns;
  }
}
