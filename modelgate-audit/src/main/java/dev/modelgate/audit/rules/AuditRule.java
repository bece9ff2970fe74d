package dev.modelgate.audit.rules;

import dev.modelgate.rules.Severity;
import java.util.Objects;

/**
 * A rule of the audit: data rendered by the reports (SARIF rules carry the description and help).
 *
 * @param id stable id, e.g. {@code py.torch-load}
 * @param severity default severity of its findings
 * @param title one line
 * @param description what it finds and why it matters
 * @param fix how to fix it
 */
public record AuditRule(String id, Severity severity, String title, String description,
    String fix) {
  public AuditRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(severity, "severity");
  }
}
