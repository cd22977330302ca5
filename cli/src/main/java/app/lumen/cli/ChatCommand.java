package app.lumen.cli;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.ChatSession;
import app.lumen.inference.FinishReason;
import app.lumen.inference.GenerationException;
import app.lumen.inference.GenerationListener;
import app.lumen.inference.GenerationRequest;
import app.lumen.inference.GenerationResult;
import app.lumen.inference.InferenceEngine;
import app.lumen.inference.LoadedModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lumen chat}: an interactive conversation on one session, so each turn only prefills its
 * new tokens. Reads one message per line from stdin; {@code /regen} answers the last message again,
 * {@code /reset} starts over, {@code /quit} (or end of input) leaves.
 */
@Command(
    name = "chat",
    mixinStandardHelpOptions = true,
    description = {
      "Interactive multi-turn chat reusing the cache between turns.",
      "One message per line; /image FILE attaches a picture to the next message, /regen"
          + " answers the last message again, /reset starts over, /quit leaves.",
      "After each answer: time to first token, tok/s and prefilled vs reused tokens (stderr)."
    })
public final class ChatCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR")
  Path model;

  @Option(names = "--system", paramLabel = "TEXT")
  String system;

  @Option(
      names = "--max-tokens",
      paramLabel = "N",
      description = "Per answer; default ${DEFAULT-VALUE}.")
  int maxTokens = 512;

  @Option(names = "--think", description = "Let a thinking model reason first.")
  boolean think;

  @Option(
      names = "--budget",
      paramLabel = "TOKENS",
      description = "Most image tokens per picture added with /image.")
  Integer budget;

  @ArgGroup(
      exclusive = false,
      heading = "Sampling (default: the model's generation_config.json):%n")
  SamplingOptions sampling = new SamplingOptions();

  @ArgGroup(exclusive = false, heading = "Runtime:%n")
  EngineFlags engineFlags = new EngineFlags();

  /** Where messages come from; tests replace it. */
  InputStream input = System.in;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = TerminalText.guard(spec.commandLine().getOut());
    PrintWriter err = TerminalText.guard(spec.commandLine().getErr());
    BufferedReader in = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
    try (InferenceEngine engine = InferenceEngine.create(engineFlags.toOptions())) {
      LoadedModel loaded = engine.load(model);
      err.println(
          "lumen chat: "
              + loaded.info().displayName()
              + " on "
              + loaded.provider().id()
              + (loaded.providerChoice().fellBack()
                  ? " (" + loaded.providerChoice().fallbackReason() + ")"
                  : "")
              + "; /image FILE, /regen, /reset, /quit");
      err.flush();
      List<ChatMessage> history = new ArrayList<>();
      ChatImages images = new ChatImages(loaded, budget);
      if (system != null) {
        history.add(ChatMessage.system(system));
      }
      try (ChatSession session = loaded.newSession()) {
        String line;
        ChatMessage removedAnswer;
        while (prompt(out) && (line = in.readLine()) != null) {
          line = line.strip();
          if (line.isEmpty()) {
            continue;
          }
          if (line.equals("/quit")) {
            break;
          }
          if (line.startsWith("/image ")) {
            images.attach(line.substring("/image ".length()).strip(), err);
            continue;
          }
          if (line.equals("/reset")) {
            history.subList(system != null ? 1 : 0, history.size()).clear();
            session.reset();
            continue;
          }
          if (line.equals("/regen")) {
            if (history.isEmpty() || !isAssistant(history.get(history.size() - 1))) {
              err.println("lumen chat: nothing to regenerate yet");
              continue;
            }
            removedAnswer = history.remove(history.size() - 1);
          } else {
            removedAnswer = null;
            history.add(images.message(line));
          }
          StringBuilder streamed = new StringBuilder();
          GenerationResult result;
          try {
            result =
                session.generate(
                    GenerationRequest.builder(history)
                        .sampling(sampling.apply(loaded.defaultSampling()))
                        .maxNewTokens(maxTokens)
                        .think(think)
                        .build(),
                    new GenerationListener() {
                      @Override
                      public void onToken(int tokenId, String textDelta, boolean thinking) {
                        if (!thinking) {
                          streamed.append(textDelta);
                        }
                        (thinking ? err : out).print(textDelta);
                        (thinking ? err : out).flush();
                      }
                    });
          } catch (GenerationException e) {
            // The session stays usable: report, forget the unanswered message, carry on.
            out.println();
            err.println("lumen chat: " + e.getMessage());
            err.flush();
            if (removedAnswer != null) {
              history.add(removedAnswer); // a failed /regen keeps the earlier answer
            } else {
              history.remove(history.size() - 1);
            }
            continue;
          }
          out.print(TurnSummary.unstreamedTail(result, streamed));
          out.println();
          out.flush();
          err.println(TurnSummary.of(result));
          err.flush();
          if (result.finishReason() == FinishReason.CONTEXT_FULL && result.tokenIds().isEmpty()) {
            history.remove(history.size() - 1);
            err.println("lumen chat: that message does not fit the context; /reset to start over");
          } else {
            history.add(ChatMessage.assistant(result.text()));
          }
        }
      }
      return LumenCli.EXIT_OK;
    } catch (RuntimeException e) {
      return EngineErrors.report("chat", e, err);
    }
  }

  private static boolean isAssistant(ChatMessage message) {
    return message.role() == app.lumen.inference.Role.ASSISTANT;
  }

  private static boolean prompt(PrintWriter out) {
    out.print("> ");
    out.flush();
    return true;
  }
}
