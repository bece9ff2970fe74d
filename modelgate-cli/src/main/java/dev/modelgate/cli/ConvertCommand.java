package dev.modelgate.cli;

import dev.modelgate.cli.args.Args;
import dev.modelgate.cli.args.Command;
import dev.modelgate.cli.args.Io;
import dev.modelgate.cli.args.Opt;
import dev.modelgate.cli.args.Param;
import dev.modelgate.convert.Converter;
import dev.modelgate.convert.RefusedException;
import dev.modelgate.ScanReport;
import dev.modelgate.ScanResult;
import dev.modelgate.report.TextReport;
import dev.modelgate.rules.Verdict;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** {@code modelgate convert}: scan, refuse unless clean, write safetensors. */
final class ConvertCommand {
  static final Command COMMAND = Command.of("convert", List.of(
          "Convert a PyTorch checkpoint (zip, legacy, legacy TAR), .npy/.npz file or Hugging Face"
              + " checkpoint folder to safetensors without executing it. The input is scanned"
              + " first and refused unless clean.",
          "Exit 0: converted; 1: refused (findings on stderr); 2: could not convert."),
      List.of(
          Common.ALLOW,
          Common.POLICY,
          Opt.flag("Write tied weights once under their first name; dropped names are recorded"
              + " in __metadata__.", "--dedupe"),
          Opt.flag("Overwrite existing output files.", "--force"),
          Opt.flag("Report skipped non-tensor values.", "-v", "--verbose"),
          Common.DEBUG),
      List.of(Param.one("IN", "Checkpoint file or folder."),
          Param.optional("OUT", "Output file (folder for a folder input); default: beside IN.")),
      ConvertCommand::run);

  private ConvertCommand() {}

  /** Why a scan refused the input, naming its rules; --allow is offered only where it helps. */
  static String reason(ScanReport report) {
    Verdict worst = Verdict.CLEAN;
    for (ScanResult r : report.results()) {
      worst = Verdict.worst(worst, r.verdict());
    }
    String rules = String.join(", ", TextReport.rules(report));
    return switch (worst) {
      case MALICIOUS -> "it is malicious (" + rules + "); it can run code when loaded";
      case INVALID -> "it is invalid (" + rules + "); its structure must not be loaded";
      case SUSPICIOUS -> "it is suspicious (" + rules + "); if you have reviewed the globals it"
          + " names, allow them with --allow MODULE.NAME";
      case CLEAN -> "its scan is not clean";
    };
  }

  static int run(Args a, Io io) throws Exception {
    Path in = a.paramPath(0);
    PrintWriter err = io.err();
    Progress progress = new Progress(err, io.errTty());
    try {
      Converter.Outcome o;
      try {
        o = Converter.convert(in, a.paramPath(1), new Converter.Options(Common.policy(a),
            a.flag("--dedupe"), a.flag("--force"), progress::update));
      } finally {
        progress.clear();
      }
      for (Path p : o.outputs()) {
        Console.line(io.out(), p.toString());
      }
      io.out().flush();
      Console.line(err, "modelgate: converted " + in + ": " + o.tensors() + " tensors, " + o.bytes()
          + " bytes" + (a.flag("--verbose") || o.skipped() > 0 ? ", " + o.skipped()
              + " non-tensor values skipped" : ""));
      return Main.OK;
    } catch (RefusedException e) {
      if (e.report() != null) {
        err.print(TextReport.render(e.report(), false));
        Console.line(err, "modelgate: refused to convert " + in + ": " + reason(e.report()));
      } else {
        Console.line(err, "modelgate: refused to convert " + in + ": " + e.getMessage());
      }
      err.flush();
      return Main.FINDINGS;
    }
  }
}
