package app.lumen.inference.jinja;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Broken templates and refused inputs fail with a typed error naming the line and construct. */
public class JinjaErrorTest {
  private static final Map<String, Object> PLAIN_USER_MESSAGE =
      Map.of(
          "messages",
          List.of(Map.of("role", "user", "content", "Hello!")),
          "add_generation_prompt",
          true);

  @Test
  public void everyTemplateJinja2Refuses_isATemplateException() {
    for (JsonElement element : GoldenRenders.load().broken()) {
      JsonObject broken = element.getAsJsonObject();
      String name = broken.get("name").getAsString();
      try {
        JinjaTemplate.parse(broken.get("source").getAsString()).render(PLAIN_USER_MESSAGE);
        fail(name + ": no error, but Jinja2 said " + broken.get("jinja2_error"));
      } catch (TemplateException expected) {
        assertTrue(name + ": " + expected.getMessage(), expected.line() >= 1);
      }
    }
  }

  @Test
  public void unclosedFor_namesTheTagAndItsLine() {
    TemplateException e =
        assertThrows(TemplateException.class, () -> JinjaTemplate.parse("a\n{% for %}{{ x"));
    assertEquals(2, e.line());
    assertTrue(e.getMessage(), e.getMessage().startsWith("line 2: "));
  }

  @Test
  public void unclosedIf_saysWhichTagIsOpen() {
    TemplateException e =
        assertThrows(TemplateException.class, () -> JinjaTemplate.parse("{% if x %}\none\ntwo\n"));
    assertTrue(e.getMessage(), e.detail().contains("'if' on line 1 is not closed"));
  }

  @Test
  public void unknownFilter_isRefusedWhenParsing() {
    TemplateException e =
        assertThrows(
            TemplateException.class, () -> JinjaTemplate.parse("one\n\n{{ messages | shout }}"));
    assertEquals("line 3: unknown filter 'shout'", e.getMessage());
  }

  @Test
  public void unsupportedTag_isNamed() {
    TemplateException e =
        assertThrows(TemplateException.class, () -> JinjaTemplate.parse("{% include 'x.jinja' %}"));
    assertEquals("line 1: 'include' tags are not supported in chat templates", e.getMessage());
  }

  @Test
  public void raiseException_carriesTheTemplatesMessage() throws Exception {
    JinjaTemplate template =
        JinjaTemplate.parse(
            "\n{%- if messages[0].role != 'system' %}\n"
                + "{{ raise_exception('System message required') }}{% endif %}");
    TemplateException e =
        assertThrows(TemplateException.class, () -> template.render(PLAIN_USER_MESSAGE));
    assertTrue(e.raisedByTemplate());
    assertEquals("line 3: System message required", e.getMessage());
  }

  @Test
  public void attributeOfUndefined_namesTheVariable() throws Exception {
    JinjaTemplate template = JinjaTemplate.parse("ok\n{{ nothing.here }}");
    TemplateException e = assertThrows(TemplateException.class, () -> template.render(Map.of()));
    assertEquals("line 2: 'nothing' is undefined", e.getMessage());
    assertFalse(e.raisedByTemplate());
  }

  @Test
  public void addingStringAndNumber_isATypeErrorNotACrash() throws Exception {
    JinjaTemplate template = JinjaTemplate.parse("{{ 'a' + 1 }}");
    TemplateException e = assertThrows(TemplateException.class, () -> template.render(Map.of()));
    assertEquals("line 1: unsupported operand type(s) for +: 'str' and 'int'", e.getMessage());
  }

  @Test
  public void breakOutsideALoop_isRefusedWhenParsing() {
    TemplateException e =
        assertThrows(
            TemplateException.class,
            () -> JinjaTemplate.parse("{% for x in xs %}{% macro m() %}{% break %}{% endmacro %}"));
    assertEquals("line 1: 'break' outside a for loop", e.getMessage());
  }

  @Test
  public void hugeRepetition_isRefusedNotAnOutOfMemoryError() throws Exception {
    JinjaTemplate template = JinjaTemplate.parse("{{ 'x' * 10 ** 12 }}");
    TemplateException e = assertThrows(TemplateException.class, () -> template.render(Map.of()));
    assertTrue(e.getMessage(), e.getMessage().contains("repetition too large"));
  }

  @Test
  public void runawayRecursion_isATemplateException() throws Exception {
    JinjaTemplate template = JinjaTemplate.parse("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}");
    TemplateException e = assertThrows(TemplateException.class, () -> template.render(Map.of()));
    assertTrue(e.getMessage(), e.getMessage().contains("recursion too deep"));
  }

  @Test
  public void absurdNesting_isATemplateException() {
    String deep = "{{ " + "(".repeat(50_000) + "1" + ")".repeat(50_000) + " }}";
    assertThrows(TemplateException.class, () -> JinjaTemplate.parse(deep));
  }
}
