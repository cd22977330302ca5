package app.lumen.pkg;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

public class QwenTokenizerFormatTest {

  @Test
  public void everyNamedToken_isAnAddedTokenOfThePublishedList() throws Exception {
    Set<String> added = new HashSet<>();
    for (QwenTokenizerFormat.AddedToken token : QwenTokenizerFormat.ADDED_TOKENS) {
      added.add(token.content());
    }
    assertEquals("no token listed twice", QwenTokenizerFormat.ADDED_TOKENS.size(), added.size());
    for (Field field : QwenTokenizerFormat.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers())
          && field.getType() == String.class
          && !field.getName().equals("SPLIT_PATTERN")) {
        String token = (String) field.get(null);
        assertTrue(field.getName() + " = " + token, added.contains(token));
      }
    }
  }

  @Test
  public void splitPattern_keepsContractionsAndLeadingSpaces_andSplitsDigitsOneByOne() {
    Matcher m = Pattern.compile(QwenTokenizerFormat.SPLIT_PATTERN).matcher("I'll pay 42 now");
    StringBuilder pieces = new StringBuilder();
    while (m.find()) {
      pieces.append('[').append(m.group()).append(']');
    }
    assertEquals("[I]['ll][ pay][ ][4][2][ now]", pieces.toString());
  }
}
