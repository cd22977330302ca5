package app.lumen.cli;

import app.lumen.inference.ChatMessage;
import app.lumen.inference.ChatSession;
import app.lumen.inference.GenerationListener;
import app.lumen.inference.GenerationRequest;
import app.lumen.inference.GenerationResult;
import app.lumen.inference.ImageInput;
import app.lumen.inference.InferenceEngine;
import app.lumen.inference.LoadedModel;
import app.lumen.inference.Phase;
import app.lumen.inference.PhaseListener;
import app.lumen.vision.InvalidImageException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lumen generate}: one answer, streamed as text or as JSON events. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Answers one prompt with a model package.",
      "Plain: the answer streams to stdout (reasoning and statistics go to stderr).",
      "--json: one JSON event per line, then a result object."
    })
public final class GenerateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Package folder.")
  Path model;

  @Option(names = "--prompt", required = true, paramLabel = "TEXT")
  String prompt;

  @Option(
      names = "--image",
      paramLabel = "FILE",
      description = "An image to ask about (repeatable).")
  List<Path> images = new ArrayList<>();

  @Option(names = "--system", paramLabel = "TEXT", description = "A system message.")
  String system;

  @Option(names = "--max-tokens", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
  int maxTokens = 256;

  @Option(names = "--think", description = "Let a thinking model reason first.")
  boolean think;

  @Option(
      names = "--budget",
      paramLabel = "TOKENS",
      description = "Most image tokens per picture (e.g. 64, 256, 1024, 4096).")
  Integer budget;

  @Option(names = "--stop", paramLabel = "TEXT", description = "A stop string (repeatable).")
  List<String> stops = new ArrayList<>();

  @Option(names = "--json", description = "JSON events on stdout.")
  boolean json;

  @ArgGroup(
      exclusive = false,
      heading = "Sampling (default: the model's generation_config.json):%n")
  SamplingOptions sampling = new SamplingOptions();

  @ArgGroup(exclusive = false, heading = "Runtime:%n")
  EngineFlags engineFlags = new EngineFlags();

  @Override
  public Integer call() {
    PrintWriter out = TerminalText.guard(spec.commandLine().getOut());
    PrintWriter err = TerminalText.guard(spec.commandLine().getErr());
    if (budget != null && budget < 1) {
      err.println("lumen generate: --budget must be at least 1, was " + budget);
      return LumenCli.EXIT_USAGE;
    }
    JsonEvents events = json ? new JsonEvents(out) : null;
    try (InferenceEngine engine = InferenceEngine.create(engineFlags.toOptions())) {
      LoadedModel loaded =
          engine.load(
              model,
              new PhaseListener() {
                @Override
                public void onPhase(Phase phase, double millis) {
                  if (events != null) {
                    events.phase(phase, millis);
                  }
                }
              });
      List<ChatMessage> messages = new ArrayList<>();
      if (system != null) {
        messages.add(ChatMessage.system(system));
      }
      if (images.isEmpty()) {
        messages.add(ChatMessage.user(prompt));
      } else {
        List<ImageInput> inputs = new ArrayList<>();
        for (Path image : images) {
          inputs.add(CliImages.load(loaded.vision(), image, budget));
        }
        messages.add(ChatMessage.user(prompt, inputs));
      }
      GenerationRequest request =
          GenerationRequest.builder(messages)
              .sampling(sampling.apply(loaded.defaultSampling()))
              .maxNewTokens(maxTokens)
              .stopStrings(stops)
              .think(think)
              .build();
      try (ChatSession session = loaded.newSession()) {
        StringBuilder streamed = new StringBuilder();
        GenerationResult result = session.generate(request, listener(events, out, err, streamed));
        if (events != null) {
          events.result(result);
        } else {
          out.print(TurnSummary.unstreamedTail(result, streamed));
          out.println();
          out.flush();
          err.println(TurnSummary.of(result));
          err.flush();
        }
      }
      return LumenCli.EXIT_OK;
    } catch (InvalidImageException | IOException e) {
      err.println("lumen generate: " + e.getMessage());
      return LumenCli.EXIT_INVALID_INPUT;
    } catch (RuntimeException e) {
      return EngineErrors.report("generate", e, err);
    }
  }

  private static GenerationListener listener(
      JsonEvents events, PrintWriter out, PrintWriter err, StringBuilder streamed) {
    if (events != null) {
      return new GenerationListener() {
        @Override
        public void onPhase(Phase phase, double millis) {
          events.phase(phase, millis);
        }

        @Override
        public void onToken(int tokenId, String textDelta, boolean thinking) {
          events.token(tokenId, textDelta, thinking);
        }
      };
    }
    return new GenerationListener() {
      @Override
      public void onToken(int tokenId, String textDelta, boolean thinking) {
        PrintWriter target = thinking ? err : out;
        if (!thinking) {
          streamed.append(textDelta);
        }
        target.print(textDelta);
        target.flush();
      }
    };
  }
}
