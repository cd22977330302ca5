package app.lumen.inference.jinja;

import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Python's {@code datetime.strftime} for the directives templates use to write today's date
 * (transformers' {@code strftime_now}), in the C locale's English names.
 */
final class Strftime {
  private Strftime() {}

  static String format(String pattern, LocalDateTime time) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c != '%' || i + 1 == pattern.length()) {
        out.append(c);
        continue;
      }
      char directive = pattern.charAt(++i);
      switch (directive) {
        case 'Y' -> out.append(time.getYear());
        case 'y' -> out.append(twoDigits(time.getYear() % 100));
        case 'm' -> out.append(twoDigits(time.getMonthValue()));
        case 'd' -> out.append(twoDigits(time.getDayOfMonth()));
        case 'e' -> out.append(String.format(Locale.ROOT, "%2d", time.getDayOfMonth()));
        case 'j' -> out.append(String.format(Locale.ROOT, "%03d", time.getDayOfYear()));
        case 'H' -> out.append(twoDigits(time.getHour()));
        case 'I' -> out.append(twoDigits(time.getHour() % 12 == 0 ? 12 : time.getHour() % 12));
        case 'M' -> out.append(twoDigits(time.getMinute()));
        case 'S' -> out.append(twoDigits(time.getSecond()));
        case 'p' -> out.append(time.getHour() < 12 ? "AM" : "PM");
        case 'B' -> out.append(time.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        case 'b' -> out.append(time.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
        case 'A' -> out.append(time.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        case 'a' -> out.append(time.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
        case '%' -> out.append('%');
        default -> throw new Failure("strftime directive %" + directive + " is not supported");
      }
    }
    return out.toString();
  }

  private static String twoDigits(int n) {
    return n < 10 ? "0" + n : Integer.toString(n);
  }
}
