package app.lumen.inference.model;

import app.lumen.inference.jinja.JinjaTemplate;
import app.lumen.inference.jinja.TemplateException;
import app.lumen.pkg.InvalidPackageException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Refuses a package whose chat template cannot serve a conversation: one that does not parse, uses
 * a construct the interpreter lacks, or fails (or refuses, through {@code raise_exception}) on a
 * plain user message and, for vision models, on a picture with a question. Found when the package
 * is checked or opened, not when a user sends the first message.
 */
final class ChatTemplateCheck {
  private ChatTemplateCheck() {}

  /**
   * @param file the file the template was read from, named in the message
   * @throws InvalidPackageException {@code <file>: line N: <what is wrong>}
   */
  static JinjaTemplate parseAndTry(String file, String text, boolean vision)
      throws InvalidPackageException {
    JinjaTemplate template;
    try {
      template = JinjaTemplate.parse(text);
    } catch (TemplateException e) {
      throw problem(file, e, "");
    }
    tryRender(file, template, "Hello!", "a plain user message");
    if (vision) {
      List<Object> content = new ArrayList<>();
      content.add(Map.of("type", "image"));
      content.add(Map.of("type", "text", "text", "What is this?"));
      tryRender(file, template, content, "a user message with a picture");
    }
    return template;
  }

  private static void tryRender(String file, JinjaTemplate template, Object content, String what)
      throws InvalidPackageException {
    Map<String, Object> variables = new HashMap<>();
    variables.put("messages", List.of(Map.of("role", "user", "content", content)));
    variables.put("add_generation_prompt", true);
    variables.put("tools", null);
    variables.put("documents", null);
    try {
      template.render(variables);
    } catch (TemplateException e) {
      throw problem(
          file, e, e.raisedByTemplate() ? "refuses " + what + ": " : "fails on " + what + ": ");
    }
  }

  private static InvalidPackageException problem(String file, TemplateException e, String context) {
    return new InvalidPackageException(
        file + ": line " + e.line() + ": " + context + e.detail(), e);
  }
}
