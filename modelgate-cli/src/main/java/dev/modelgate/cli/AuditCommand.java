package dev.modelgate.cli;

import dev.modelgate.audit.Audit;
import dev.modelgate.audit.AuditOptions;
import dev.modelgate.audit.AuditReport;
import dev.modelgate.audit.report.JsonAuditReport;
import dev.modelgate.audit.report.SarifAuditReport;
import dev.modelgate.audit.report.TextAuditReport;
import dev.modelgate.rules.Severity;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code modelgate audit}: maps options onto {@link Audit} and renders; no logic of its own. */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Audit Python projects, virtualenvs, dependency files and model folders for unsafe model",
        "loading, pickle over IPC and vulnerable AI-stack dependencies.",
        "Exit 0: nothing at or above --fail-on; 1: findings; 2: could not audit."})
final class AuditCommand implements Callable<Integer> {
  enum Format { text, json, sarif }

  @Spec
  CommandSpec spec;

  @Option(names = "--format", paramLabel = "text|json|sarif", description = "Output format (default: text).")
  Format format = Format.text;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
  Path output;

  @Option(names = "--osv", paramLabel = "PATH",
      description = "OSV PyPI all.zip or a folder of OSV JSON (default: the bundled snapshot).")
  Path osv;

  @Option(names = "--fail-on", paramLabel = "SEVERITY",
      description = "Exit 1 when a finding is at least this severe: info, medium, high, critical (default: medium).")
  String failOn = "medium";

  @Option(names = "--debug", description = "Show stack traces of internal errors.")
  boolean debug;

  @Parameters(arity = "1..*", paramLabel = "PATH",
      description = "Project folders, Python files, requirements/lock files, virtualenvs, site-packages or model folders.")
  List<Path> paths;

  @Override
  public Integer call() throws Exception {
    Severity threshold;
    try {
      threshold = Severity.valueOf(failOn.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--fail-on takes info, medium, high or critical, not '" + failOn + "'");
    }
    AuditReport report = new Audit(AuditOptions.defaults().withOsv(osv)).run(paths);
    String text = switch (format) {
      case text -> TextAuditReport.render(report, output == null && Terminal.stdout());
      case json -> JsonAuditReport.render(report);
      case sarif -> SarifAuditReport.render(report);
    };
    if (output != null) {
      Files.writeString(output, text, StandardCharsets.UTF_8);
    } else {
      PrintWriter out = spec.commandLine().getOut();
      out.print(text);
      out.flush();
    }
    return report.hasFindingsAtOrAbove(threshold) ? Main.FINDINGS : Main.OK;
  }
}
