package app.lumen.inference.jinja;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * Every recorded case renders byte for byte as transformers rendered it, and every input
 * transformers refused is refused with a {@link TemplateException}.
 */
public class JinjaGoldenRenderTest {
  private static final GoldenRenders GOLDEN = GoldenRenders.load();

  @Test
  public void everyRecordedCase_rendersExactlyAsTransformers() throws Exception {
    Map<String, JinjaTemplate> parsed = new HashMap<>();
    List<String> mismatches = new ArrayList<>();
    int checked = 0;
    for (JsonElement element : GOLDEN.cases()) {
      JsonObject testCase = element.getAsJsonObject();
      String name = testCase.get("template").getAsString();
      JinjaTemplate template = parsed.get(name);
      if (template == null) {
        template = JinjaTemplate.parse(GOLDEN.templateSource(name));
        parsed.put(name, template);
      }
      String label =
          name
              + " / "
              + testCase.get("conversation").getAsString()
              + " / "
              + testCase.get("options").getAsString();
      checked++;
      if (testCase.has("expected")) {
        String expected = testCase.get("expected").getAsString();
        try {
          String actual = template.render(GoldenRenders.variables(testCase));
          if (!expected.equals(actual)) {
            mismatches.add(label + firstDifference(expected, actual));
          }
        } catch (TemplateException e) {
          mismatches.add(label + ": threw " + e.getMessage());
        }
      } else {
        try {
          template.render(GoldenRenders.variables(testCase));
          mismatches.add(label + ": rendered, but Jinja2 refused: " + testCase.get("error"));
        } catch (TemplateException expected) {
          // refused, as transformers refused it
        }
      }
    }
    if (!mismatches.isEmpty()) {
      fail(
          mismatches.size()
              + " of "
              + checked
              + " cases differ:\n"
              + String.join("\n", mismatches));
    }
    assertTrue(checked >= 10);
  }

  @Test
  public void everySnippet_rendersOrFailsAsInTransformers() {
    Map<String, Object> variables = GOLDEN.snippetVariables();
    List<String> mismatches = new ArrayList<>();
    for (JsonElement element : GOLDEN.snippets()) {
      JsonObject snippet = element.getAsJsonObject();
      String source = snippet.get("source").getAsString();
      String label = escape(source);
      try {
        String actual = JinjaTemplate.parse(source).render(variables);
        if (!snippet.has("expected")) {
          mismatches.add(label + ": rendered, but Jinja2 refused: " + snippet.get("error"));
        } else if (!snippet.get("expected").getAsString().equals(actual)) {
          mismatches.add(label + firstDifference(snippet.get("expected").getAsString(), actual));
        }
      } catch (TemplateException e) {
        if (snippet.has("expected")) {
          mismatches.add(label + ": threw " + e.getMessage());
        }
      }
    }
    if (!mismatches.isEmpty()) {
      fail(mismatches.size() + " snippets differ:\n" + String.join("\n", mismatches));
    }
  }

  @Test
  public void realTemplates_haveAtLeastTenCasesEach() {
    for (String name : GOLDEN.templates().keySet()) {
      long cases = 0;
      for (JsonElement c : GOLDEN.cases()) {
        if (c.getAsJsonObject().get("template").getAsString().equals(name)) {
          cases++;
        }
      }
      assertTrue(name + " has " + cases + " cases", cases >= 10);
    }
    assertEquals("real", GOLDEN.templateKind("qwen3_vl_thinking"));
  }

  private static String firstDifference(String expected, String actual) {
    int i = 0;
    while (i < expected.length() && i < actual.length() && expected.charAt(i) == actual.charAt(i)) {
      i++;
    }
    int from = Math.max(0, i - 40);
    return ": differs at "
        + i
        + "\n   expected …"
        + escape(expected.substring(from, Math.min(expected.length(), i + 60)))
        + "\n   actual   …"
        + escape(actual.substring(from, Math.min(actual.length(), i + 60)));
  }

  private static String escape(String s) {
    return s.replace("\n", "\\n").replace("\t", "\\t");
  }
}
