package dev.modelgate.audit.report;

import dev.modelgate.audit.rules.AuditFinding;
import dev.modelgate.audit.rules.AuditRule;
import dev.modelgate.audit.rules.Rules;

/** What the three reports share: safe text for terminals and a finding's fix hint. */
final class Fields {
  private Fields() {}

  /**
   * Text a hostile file can choose (paths, evidence) with control characters escaped, so it can
   * not move the cursor, recolour or hide lines in a terminal.
   */
  static String safe(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029
          || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  static String fix(AuditFinding f) {
    AuditRule r = Rules.byId(f.rule());
    return r == null ? "" : r.fix();
  }
}
