package dev.modelgate.cli;

import dev.modelgate.audit.Audit;
import dev.modelgate.audit.AuditOptions;
import dev.modelgate.audit.AuditReport;
import dev.modelgate.audit.report.JsonAuditReport;
import dev.modelgate.audit.report.SarifAuditReport;
import dev.modelgate.audit.report.TextAuditReport;
import dev.modelgate.cli.args.Args;
import dev.modelgate.cli.args.Command;
import dev.modelgate.cli.args.Io;
import dev.modelgate.cli.args.Opt;
import dev.modelgate.cli.args.Param;
import dev.modelgate.rules.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code modelgate audit}: maps options onto {@link Audit} and renders; no logic of its own. */
final class AuditCommand {
  static final Command COMMAND = Command.of("audit", List.of(
          "Audit Python projects, virtualenvs, dependency files and model folders for unsafe"
              + " model loading, pickle over IPC and vulnerable AI-stack dependencies.",
          "Exit 0: nothing at or above --fail-on; 1: findings; 2: could not audit."),
      List.of(
          Opt.value("", "Output format (default: text).", "--format")
              .choices("text", "json", "sarif"),
          Opt.value("FILE", "Write the report to FILE instead of stdout.", "-o", "--output"),
          Opt.value("PATH", "OSV PyPI all.zip or a folder of OSV JSON (default: the bundled"
              + " snapshot).", "--osv"),
          Opt.value("SEVERITY", "Exit 1 when a finding is at least this severe: info, medium,"
              + " high, critical (default: medium).", "--fail-on"),
          Common.DEBUG),
      List.of(Param.many("PATH", "Project folders, Python files, requirements/lock files,"
          + " virtualenvs, site-packages or model folders.")),
      AuditCommand::run);

  private AuditCommand() {}

  static int run(Args a, Io io) throws Exception {
    String failOn = a.string("--fail-on", "medium");
    Severity threshold;
    try {
      threshold = Severity.valueOf(failOn.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw a.usage("--fail-on takes info, medium, high or critical, not '" + failOn + "'");
    }
    Path output = a.path("--output");
    AuditReport report = new Audit(AuditOptions.defaults().withOsv(a.path("--osv")))
        .run(a.paramPaths());
    String text = switch (a.string("--format", "text")) {
      case "json" -> JsonAuditReport.render(report);
      case "sarif" -> SarifAuditReport.render(report);
      default -> TextAuditReport.render(report, output == null && io.outTty());
    };
    if (output != null) {
      Files.writeString(output, text, StandardCharsets.UTF_8);
    } else {
      io.out().print(text);
      io.out().flush();
    }
    return report.hasFindingsAtOrAbove(threshold) ? Main.FINDINGS : Main.OK;
  }
}
