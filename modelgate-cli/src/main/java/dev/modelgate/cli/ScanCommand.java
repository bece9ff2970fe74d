package dev.modelgate.cli;

import dev.modelgate.ScanListener;
import dev.modelgate.ScanOptions;
import dev.modelgate.ScanReport;
import dev.modelgate.ScanResult;
import dev.modelgate.Scanner;
import dev.modelgate.cli.args.Args;
import dev.modelgate.cli.args.Command;
import dev.modelgate.cli.args.Io;
import dev.modelgate.cli.args.Opt;
import dev.modelgate.cli.args.Param;
import dev.modelgate.io.IoStats;
import dev.modelgate.io.Limits;
import dev.modelgate.policy.Policy;
import dev.modelgate.report.CycloneDxReport;
import dev.modelgate.report.JsonReport;
import dev.modelgate.report.SarifReport;
import dev.modelgate.report.TextReport;
import dev.modelgate.rules.Verdict;
import dev.modelgate.triage.Baseline;
import dev.modelgate.triage.IgnoreEntry;
import dev.modelgate.triage.IgnoreFile;
import dev.modelgate.triage.Triage;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code modelgate scan}: maps options onto the scanner and a report writer. */
final class ScanCommand {
  static final Command COMMAND = Command.of("scan", List.of(
          "Scan model files and folders without executing them.",
          "Exit 0: every file clean; 1: findings; 2: could not scan."),
      List.of(
          Opt.value("", "Output format (default: text); cyclonedx: a CycloneDX 1.6 ML-BOM.",
              "--format").choices("text", "json", "sarif", "cyclonedx"),
          Opt.value("FILE", "Write the report to FILE instead of stdout.", "-o", "--output"),
          Common.POLICY,
          Common.ALLOW,
          Opt.value("DIR", "With --format sarif: the folder file URIs are relative to"
              + " (%SRCROOT%; default: the current directory), normally the repository"
              + " checkout.", "--sarif-root"),
          Opt.value("", "sha256 of each file: auto (files up to 256 MiB; larger ones are not"
              + " read in full), always, never.", "--hash").choices("auto", "always", "never"),
          Opt.value("FILE", "Ignore entries with reasons (.modelgateignore or modelgate.toml"
              + " format) instead of those found beside the scanned paths.", "--ignore-file")
              .repeat(),
          Opt.flag("Do not look for ignore files beside the scanned paths.", "--no-ignore-files"),
          Opt.value("FILE", "A previous JSON report (scan --format json): report only findings"
              + " that are not in it.", "--baseline"),
          Opt.value("", "Exit 1 when a file's verdict is at least this (default: suspicious,"
              + " i.e. anything not clean).", "--fail-on")
              .choices("clean", "suspicious", "invalid", "malicious"),
          Opt.flag("List every file scanned, clean ones too (text format).", "-v", "--verbose"),
          Hub.MAX_BYTES,
          Opt.value("N", "Files scanned at once (default: the number of cores); the report"
              + " keeps the order either way.", "--threads"),
          Opt.flag("Print bytes read and time taken to stderr.", "--stats"),
          Common.DEBUG),
      List.of(Param.many("PATH", "Files or folders to scan, or hf://ORG/REPO[@REVISION] for a"
          + " Hugging Face Hub repository (HF_ENDPOINT, HF_TOKEN).")),
      ScanCommand::run);

  private ScanCommand() {}

  /** Scans the PATHs in the order given: files and folders here, hf:// repositories remotely. */
  private static ScanReport scan(Args a, Io io, ScanOptions options) throws Exception {
    Scanner scanner = new Scanner(options);
    List<ScanResult> all = new ArrayList<>();
    long[] fetched = {0};
    for (String p : a.params()) {
      if (Hub.is(p)) {
        ScanReport remote = Hub.with(p, a, io, s -> {
          ScanReport r = s.scan(options);
          fetched[0] += s.fetched();
          return r;
        });
        all.addAll(remote.results());
      } else {
        all.addAll(scanner.scan(List.of(Path.of(p))).results());
      }
    }
    if (a.flag("--stats") && fetched[0] > 0) {
      io.err().println("modelgate: fetched " + fetched[0] + " bytes from the Hub");
    }
    return new ScanReport(all);
  }

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
          Console.line(err, "modelgate: parser failure on " + path);
          Console.trace(err, t);
        }
      }
    };
    Long threads = a.number("--threads");
    if (threads != null && (threads <= 0 || threads > 1024)) {
      throw a.usage("--threads takes 1 to 1024, not " + threads);
    }
    ScanOptions options = new ScanOptions(policy, Limits.DEFAULT, hashLimit, debug, listener)
        .withThreads(threads == null ? 0 : threads.intValue());
    List<Path> paths = new ArrayList<>();
    for (String p : a.params()) {
      if (!Hub.is(p)) {
        Path local = Path.of(p);
        if (!Files.exists(local)) {
          throw new NoSuchFileException(p, null, "no such file or directory");
        }
        paths.add(local);
      }
    }
    Verdict failOn = Verdict.valueOf(a.string("--fail-on", "suspicious").toUpperCase(Locale.ROOT));
    List<IgnoreEntry> entries = new ArrayList<>();
    List<Path> ignoreFiles = a.paths("--ignore-file");
    if (ignoreFiles.isEmpty() && !a.flag("--no-ignore-files")) {
      ignoreFiles = IgnoreFile.discover(paths);
    }
    for (Path f : ignoreFiles) {
      entries.addAll(IgnoreFile.read(f));
    }
    Path baselineFile = a.path("--baseline");
    Baseline baseline = baselineFile == null ? null : Baseline.read(baselineFile);
    ScanReport report = scan(a, io, options);
    progress.clear();
    if (!entries.isEmpty() || baseline != null) {
      report = Triage.apply(report, entries, baseline, LocalDate.now(ZoneId.systemDefault()));
    }
    Path output = a.path("--output");
    String text = switch (format) {
      case "json" -> JsonReport.render(report);
      case "cyclonedx" -> CycloneDxReport.render(report);
      case "sarif" -> SarifReport.render(report, sarifRoot == null ? Path.of("") : sarifRoot);
      default -> TextReport.render(report, output == null && io.outTty(), a.flag("--verbose"));
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
    return !report.results().isEmpty() && report.worst().compareTo(failOn) >= 0
        ? Main.FINDINGS : Main.OK;
  }
}
