package app.lumen.cli;

import app.lumen.inference.text.Tokenizer;
import app.lumen.pkg.JsonSyntax;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  /**
   * UTF-8 lines split at {@code \n} only; a {@code \r} before it (a CRLF file) is dropped. Each
   * line is decoded on its own and strictly, so a line that is not UTF-8 is refused by its number
   * instead of being read with replacement characters.
   */
  static final class Lines {
    private final InputStream in;
    private int number;

    Lines(InputStream in) {
      this.in = new BufferedInputStream(in);
    }

    /**
     * The next line, or null at the end of input.
     *
     * @throws BadLineException when the line is not UTF-8
     */
    String next() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      boolean any = false;
      while ((b = in.read()) != -1) {
        any = true;
        if (b == '\n') {
          break;
        }
        line.write(b);
      }
      if (!any) {
        return null;
      }
      number++;
      byte[] bytes = line.toByteArray();
      int n = bytes.length;
      if (n > 0 && bytes[n - 1] == '\r') {
        n--;
      }
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes, 0, n))
            .toString();
      } catch (CharacterCodingException e) {
        throw new BadLineException(number, "not UTF-8");
      }
    }

    /** The number of the line {@link #next} returned last, from 1. */
    int number() {
      return number;
    }
  }

  /** A line of input the command cannot take, by its number. */
  static final class BadLineException extends IOException {
    BadLineException(int number, String problem) {
      super("stdin line " + number + ": " + problem);
    }
  }

  /**
   * {@code text} as one strict JSON value (RFC 8259: no single quotes, no bare words, no comments,
   * nothing after the value). The message of a refusal says where, never how a parser could be made
   * more lenient.
   */
  static JsonElement parseStrictJson(String text) {
    if (text.isBlank()) {
      throw new JsonParseException("malformed JSON: the line is empty");
    }
    try {
      return JsonSyntax.parseStrict(new StringReader(text));
    } catch (JsonParseException e) {
      Matcher at = COLUMN.matcher(JsonSyntax.describe(e));
      String reason = JsonSyntax.describe(e).replaceFirst("^line \\d+ column \\d+: ", "");
      throw new JsonParseException(
          "malformed JSON" + (at.find() ? " near column " + at.group(1) : "") + ": " + reason, e);
    }
  }

  /** A line's column in {@link JsonSyntax#describe}'s words. */
  private static final Pattern COLUMN = Pattern.compile("^line \\d+ column (\\d+)");

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
