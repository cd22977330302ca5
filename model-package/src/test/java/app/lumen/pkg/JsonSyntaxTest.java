package app.lumen.pkg;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.junit.Test;

/** Parse errors described by position and reason, without the JSON library's own advice. */
public class JsonSyntaxTest {

  @Test
  public void trailingText_isNotValidJson_withoutTheLibrarysAdvice() {
    String described = describe("{\"a\": 1} x");
    assertEquals("line 1 column 11: not valid JSON", described);
    assertFalse(described, described.contains("Strictness"));
  }

  @Test
  public void truncatedFile_saysItEndsEarly() {
    assertEquals(
        "line 1 column 8: the file ends before the JSON value does", describe("{\"a\": ["));
  }

  @Test
  public void trailingComma_asksForAFieldName() {
    assertEquals("line 1 column 9: expected a field name in double quotes", describe("{\"a\":1,}"));
  }

  @Test
  public void unterminatedString_namesWhatIsOpen() {
    assertEquals("line 1 column 9: unterminated string", describe("{\"a\": \"x"));
  }

  private static String describe(String json) {
    try {
      JsonParser.parseString(json);
    } catch (JsonParseException e) {
      return JsonSyntax.describe(e);
    }
    throw new AssertionError("parsed: " + json);
  }
}
