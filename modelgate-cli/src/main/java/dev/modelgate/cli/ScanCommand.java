package dev.modelgate.cli;

import dev.modelgate.policy.Policy;
import dev.modelgate.report.JsonReport;
import dev.modelgate.report.SarifReport;
import dev.modelgate.report.TextReport;
import dev.modelgate.ScanListener;
import dev.modelgate.ScanOptions;
import dev.modelgate.ScanReport;
import dev.modelgate.Scanner;
import dev.modelgate.io.IoStats;
import dev.modelgate.io.Limits;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Scan model files and folders without executing them.",
        "Exit 0: every file clean; 1: findings; 2: could not scan."})
final class ScanCommand implements Callable<Integer> {
  enum Format { text, json, sarif }

  @Spec
  CommandSpec spec;

  @Option(names = "--format", paramLabel = "text|json|sarif", description = "Output format (default: text).")
  Format format = Format.text;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
  Path output;

  @Option(names = "--policy", paramLabel = "FILE", description = "Policy file extending the allowlist.")
  Path policyFile;

  @Option(names = "--allow", paramLabel = "GLOBAL", description = "Allow a global (module.name or 'module.*'); repeatable.")
  List<String> allow = new ArrayList<>();

  @Option(names = "--sarif-root", paramLabel = "DIR",
      description = "With --format sarif: the folder file URIs are relative to (%%SRCROOT%%;"
          + " default: the current directory), normally the repository checkout.")
  Path sarifRoot;

  @Option(names = "--hash", paramLabel = "auto|always|never",
      description = "sha256 of each file: auto (files up to 256 MiB; larger ones are not read in full), always, never.")
  String hash = "auto";

  @Option(names = "--stats", description = "Print bytes read and time taken to stderr.")
  boolean stats;

  @Option(names = "--debug", description = "Show stack traces of internal errors.")
  boolean debug;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders to scan.")
  List<Path> paths;

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    Policy policy = Policy.defaults();
    if (policyFile != null) {
      policy = Policy.load(policyFile);
    }
    policy = policy.allow(allow);
    long hashLimit = switch (hash) {
      case "auto" -> ScanOptions.DEFAULT_HASH_LIMIT;
      case "always" -> Long.MAX_VALUE;
      case "never" -> 0L;
      default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--hash takes auto, always or never, not '" + hash + "'");
    };
    if (sarifRoot != null && format != Format.sarif) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--sarif-root applies to --format sarif only");
    }
    if (sarifRoot != null && !Files.isDirectory(sarifRoot)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--sarif-root " + sarifRoot + ": not a directory");
    }
    PrintWriter err = spec.commandLine().getErr();
    Progress progress = new Progress(err, Terminal.stderr());
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
    ScanOptions options = new ScanOptions(policy, Limits.DEFAULT, hashLimit, debug, listener);
    ScanReport report = new Scanner(options).scan(paths);
    progress.clear();
    String text = switch (format) {
      case text -> TextReport.render(report, output == null && Terminal.stdout());
      case json -> JsonReport.render(report);
      case sarif -> SarifReport.render(report, sarifRoot == null ? Path.of("") : sarifRoot);
    };
    if (output != null) {
      Files.writeString(output, text, StandardCharsets.UTF_8);
    } else {
      PrintWriter out = spec.commandLine().getOut();
      out.print(text);
      out.flush();
    }
    if (stats) {
      err.printf("modelgate: read %d bytes in %.3f s%n", IoStats.bytesRead(),
          (System.nanoTime() - t0) / 1e9);
    }
    return report.allClean() ? Main.OK : Main.FINDINGS;
  }
}
