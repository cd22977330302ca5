package app.lumen.cli;

import app.lumen.inference.text.Tokenizer;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lumen bench-tokenizer}: how long the vocabulary takes to load and how fast text encodes.
 * The default corpus mixes English, code, Chinese, Japanese, Korean, accents, emoji and numbers,
 * generated from a seed so runs compare.
 */
@Command(
    name = "bench-tokenizer",
    mixinStandardHelpOptions = true,
    description = "Measures tokenizer load time and encode throughput (MB/s of UTF-8 input).")
final class BenchTokenizerCommand implements Callable<Integer> {
  private static final int CHUNK_CHARS = 2_000; // about one chat message per encode call

  @Spec CommandSpec spec;

  @Option(
      names = "--tokenizer",
      required = true,
      paramLabel = "PATH",
      description = "tokenizer.json, or a model package folder")
  Path tokenizerPath;

  @Option(
      names = "--text",
      paramLabel = "FILE",
      description = "UTF-8 text to encode (default: mixed corpus)")
  Path textFile;

  @Option(
      names = "--mb",
      description = "size of the generated corpus in MB (default: ${DEFAULT-VALUE})")
  int megabytes = 8;

  @Option(names = "--loads", description = "tokenizer loads to time (default: ${DEFAULT-VALUE})")
  int loads = 5;

  @Option(
      names = "--passes",
      description = "timed encode passes after the first (default: ${DEFAULT-VALUE})")
  int passes = 3;

  @Option(names = "--json", description = "print one JSON object")
  boolean json;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = TerminalText.guard(spec.commandLine().getOut());
    String text =
        textFile != null
            ? new String(Files.readAllBytes(textFile), StandardCharsets.UTF_8)
            : MixedCorpus.generate(megabytes * 1_000_000L, 7);
    double mb = text.getBytes(StandardCharsets.UTF_8).length / 1e6;
    List<String> chunks = chunks(text);

    double[] loadMs = new double[loads];
    Tokenizer tokenizer = null;
    for (int i = 0; i < loads; i++) {
      long start = System.nanoTime();
      tokenizer = TextCommands.loadTokenizer(tokenizerPath);
      loadMs[i] = (System.nanoTime() - start) / 1e6;
    }
    // The first pass starts with a cold word cache and a cold JIT: the worst case a user sees.
    long tokens = 0;
    long start = System.nanoTime();
    for (String chunk : chunks) {
      tokens += tokenizer.encode(chunk).length;
    }
    double firstSeconds = (System.nanoTime() - start) / 1e9;
    double[] steady = new double[passes];
    for (int p = 0; p < passes; p++) {
      start = System.nanoTime();
      for (String chunk : chunks) {
        tokenizer.encode(chunk);
      }
      steady[p] = (System.nanoTime() - start) / 1e9;
    }
    double steadySeconds = median(steady);
    double[] sortedLoads = loadMs.clone();
    Arrays.sort(sortedLoads);

    if (json) {
      JsonObject result = new JsonObject();
      result.addProperty("vocabulary", tokenizer.vocabularySize());
      result.addProperty("load_ms_first", round(loadMs[0]));
      result.addProperty("load_ms_median", round(median(loadMs)));
      result.addProperty("input_mb", round(mb));
      result.addProperty("tokens", tokens);
      result.addProperty("encode_mb_s_first_pass", round(mb / firstSeconds));
      result.addProperty("encode_mb_s", round(mb / steadySeconds));
      result.addProperty("encode_tokens_s", Math.round(tokens / steadySeconds));
      out.println(TextCommands.JSON.toJson(result));
    } else {
      out.printf(
          "vocabulary %d tokens; load %.0f ms first, %.0f ms median of %d%n",
          tokenizer.vocabularySize(), loadMs[0], median(loadMs), loads);
      out.printf(
          "encode %.1f MB (%d tokens): first pass %.1f MB/s, then %.1f MB/s (%.0f tokens/s, median of %d)%n",
          mb, tokens, mb / firstSeconds, mb / steadySeconds, tokens / steadySeconds, passes);
    }
    out.flush();
    return LumenCli.EXIT_OK;
  }

  private static List<String> chunks(String text) {
    List<String> chunks = new ArrayList<>();
    for (int i = 0; i < text.length(); ) {
      int end = Math.min(text.length(), i + CHUNK_CHARS);
      if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
        end++;
      }
      chunks.add(text.substring(i, end));
      i = end;
    }
    return chunks;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  /** Pseudo-random text of several scripts and kinds, reproducible from a seed. */
  static final class MixedCorpus {
    private static final String[] ENGLISH =
        ("the of and to in is that for it as was with be by on not he this are or his from at which"
                + " but have an they you were her she there been one all we their has would when if"
                + " photo camera answer question model token layer picture describe bicycle street"
                + " weather morning kitchen receipt mountain river library doctor battery network")
            .split(" ");
    private static final String[] OTHER = {
      "这是一张照片",
      "图片里有一只猫",
      "今天天气很好",
      "请描述这张图片",
      "日本語のテキスト",
      "写真を説明してください",
      "한국어 문장입니다",
      "사진을 설명해 주세요",
      "café",
      "naïve",
      "résumé",
      "Ångström",
      "Straße",
      "😀",
      "🎉",
      "👍🏽",
      "❤️",
      "Москва",
      "Ελλάδα",
      "العربية",
    };
    private static final String[] CODE = {
      "for (int i = 0; i < n; i++) {\n",
      "    return x + 1;\n",
      "}\n",
      "def f(x):\n",
      "import numpy as np\n",
      "{\"key\": \"value\", \"n\": [1, 2, 3]}\n",
      "if (a && b) { c(); }\n",
    };

    static String generate(long bytes, long seed) {
      Random random = new Random(seed);
      StringBuilder text = new StringBuilder((int) Math.min(Integer.MAX_VALUE, bytes));
      long size = 0;
      while (size < bytes) {
        int kind = random.nextInt(10);
        String piece;
        if (kind < 6) {
          piece = ENGLISH[random.nextInt(ENGLISH.length)];
          if (random.nextInt(8) == 0) {
            piece = Character.toUpperCase(piece.charAt(0)) + piece.substring(1);
          }
          piece = " " + piece + (random.nextInt(12) == 0 ? "." : "");
        } else if (kind < 8) {
          piece = OTHER[random.nextInt(OTHER.length)];
        } else if (kind == 8) {
          piece = " " + random.nextInt(100_000) + (random.nextBoolean() ? "," : "");
        } else {
          piece = random.nextInt(4) == 0 ? CODE[random.nextInt(CODE.length)] : "\n";
        }
        text.append(piece);
        size += piece.getBytes(StandardCharsets.UTF_8).length;
      }
      return text.toString();
    }
  }
}
