package app.lumen.cli;

import app.lumen.inference.text.Tokenizer;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the text commands share: loading a tokenizer, reading stdin lines, writing JSON. */
final class TextCommands {
  /** JSON as a user reads it: {@code <} and {@code '} stay as they are, not as {@code \u003c}. */
  static final Gson JSON = new GsonBuilder().disableHtmlEscaping().create();

  private TextCommands() {}

  /** A {@code tokenizer.json} file, or a model package folder holding one. */
  static Tokenizer loadTokenizer(Path path) throws IOException {
    Path file = Files.isDirectory(path) ? path.resolve("tokenizer.json") : path;
    if (!Files.isRegularFile(file)) {
      throw new java.nio.file.NoSuchFileException(file + ": no such tokenizer file");
    }
    return Tokenizer.load(file);
  }

  /** UTF-8 lines split at {@code \n} only; a {@code \r} before it (a CRLF file) is dropped. */
  static final class Lines {
    private final BufferedReader reader;

    Lines(InputStream in) {
      this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The next line, or null at the end of input. */
    String next() throws IOException {
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = reader.read()) != -1) {
        if (c == '\n') {
          return dropCarriageReturn(line);
        }
        line.append((char) c);
      }
      return line.length() == 0 ? null : dropCarriageReturn(line);
    }

    private static String dropCarriageReturn(StringBuilder line) {
      int n = line.length();
      return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
    }
  }

  static String idsJson(int[] ids) {
    StringBuilder json = new StringBuilder(ids.length * 7 + 2).append('[');
    for (int i = 0; i < ids.length; i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append(ids[i]);
    }
    return json.append(']').toString();
  }
}
