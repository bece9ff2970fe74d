package dev.modelgate.cli;

import dev.modelgate.ScanListener;
import dev.modelgate.ScanOptions;
import dev.modelgate.ScanReport;
import dev.modelgate.Scanner;
import dev.modelgate.cli.args.Args;
import dev.modelgate.cli.args.Command;
import dev.modelgate.cli.args.Io;
import dev.modelgate.cli.args.Opt;
import dev.modelgate.cli.args.Param;
import dev.modelgate.io.IoStats;
import dev.modelgate.io.Limits;
import dev.modelgate.policy.Policy;
import dev.modelgate.report.JsonReport;
import dev.modelgate.report.SarifReport;
import dev.modelgate.report.TextReport;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code modelgate scan}: maps options onto the scanner and a report writer. */
final class ScanCommand {
  static final Command COMMAND = Command.of("scan", List.of(
          "Scan model files and folders without executing them.",
          "Exit 0: every file clean; 1: findings; 2: could not scan."),
      List.of(
          Opt.value("", "Output format (default: text).", "--format")
              .choices("text", "json", "sarif"),
          Opt.value("FILE", "Write the report to FILE instead of stdout.", "-o", "--output"),
          Common.POLICY,
          Common.ALLOW,
          Opt.value("DIR", "With --format sarif: the folder file URIs are relative to"
              + " (%SRCROOT%; default: the current directory), normally the repository"
              + " checkout.", "--sarif-root"),
          Opt.value("", "sha256 of each file: auto (files up to 256 MiB; larger ones are not"
              + " read in full), always, never.", "--hash").choices("auto", "always", "never"),
          Opt.flag("Print bytes read and time taken to stderr.", "--stats"),
          Common.DEBUG),
      List.of(Param.many("PATH", "Files or folders to scan.")),
      ScanCommand::run);

  private ScanCommand() {}

  static int run(Args a, Io io) throws Exception {
    long t0 = System.nanoTime();
    String format = a.string("--format", "text");
    Policy policy = Common.policy(a);
    long hashLimit = switch (a.string("--hash", "auto")) {
      case "always" -> Long.MAX_VALUE;
      case "never" -> 0L;
      default -> ScanOptions.DEFAULT_HASH_LIMIT;
    };
    Path sarifRoot = a.path("--sarif-root");
    if (sarifRoot != null && !format.equals("sarif")) {
      throw a.usage("--sarif-root applies to --format sarif only");
    }
    if (sarifRoot != null && !Files.isDirectory(sarifRoot)) {
      throw a.usage("--sarif-root " + sarifRoot + ": not a directory");
    }
    PrintWriter err = io.err();
    Progress progress = new Progress(err, io.errTty());
    boolean debug = a.debug();
    ScanListener listener = new ScanListener() {
      @Override
      public void fileStarted(String path, int index, int total) {
        progress.update(index, total, path);
      }

      @Override
      public void parserFailure(String path, Throwable t) {
        if (debug) {
          progress.clear();
          err.println("modelgate: parser failure on " + path);
          t.printStackTrace(err);
        }
      }
    };
    ScanOptions options = new ScanOptions(policy, Limits.DEFAULT, hashLimit, debug, listener);
    ScanReport report = new Scanner(options).scan(a.paramPaths());
    progress.clear();
    Path output = a.path("--output");
    String text = switch (format) {
      case "json" -> JsonReport.render(report);
      case "sarif" -> SarifReport.render(report, sarifRoot == null ? Path.of("") : sarifRoot);
      default -> TextReport.render(report, output == null && io.outTty());
    };
    if (output != null) {
      Files.writeString(output, text, StandardCharsets.UTF_8);
    } else {
      io.out().print(text);
      io.out().flush();
    }
    if (a.flag("--stats")) {
      err.printf("modelgate: read %d bytes in %.3f s%n", IoStats.bytesRead(),
          (System.nanoTime() - t0) / 1e9);
    }
    return report.allClean() ? Main.OK : Main.FINDINGS;
  }
}
