package app.lumen.inference.jinja;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.LocalDateTime;
import java.util.Map;
import org.junit.Test;

/** {@code strftime_now} writes dates as Python's strftime does (expected values from CPython). */
public class JinjaStrftimeTest {
  private static final LocalDateTime AFTERNOON = LocalDateTime.of(2026, 3, 5, 14, 7, 9);

  @Test
  public void directivesTemplatesUse_matchPython() {
    assertEquals("05 March 2026", Strftime.format("%d %B %Y", AFTERNOON));
    assertEquals("2026-03-05 14:07:09", Strftime.format("%Y-%m-%d %H:%M:%S", AFTERNOON));
    assertEquals("Thu Mar 05 02:07 PM", Strftime.format("%a %b %d %I:%M %p", AFTERNOON));
    assertEquals("Thursday, 064, 26, %,  5", Strftime.format("%A, %j, %y, %%, %e", AFTERNOON));
    assertEquals("12 AM 00", Strftime.format("%I %p %H", LocalDateTime.of(2026, 12, 25, 0, 5)));
  }

  @Test
  public void strftimeNow_isAvailableToTemplates() throws Exception {
    String year = JinjaTemplate.parse("{{ strftime_now('%Y') }}").render(Map.of());
    assertTrue(year, year.matches("\\d{4}"));
  }
}
