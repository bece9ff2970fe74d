package dev.modelgate.cli;

import dev.modelgate.convert.Converter;
import dev.modelgate.convert.RefusedException;
import dev.modelgate.policy.Policy;
import dev.modelgate.report.TextReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "convert", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Convert a PyTorch checkpoint (zip, legacy, legacy TAR), .npy/.npz file or Hugging Face"
            + " checkpoint folder to safetensors without executing it. The input is scanned"
            + " first and refused unless clean.",
        "Exit 0: converted; 1: refused (findings on stderr); 2: could not convert."})
final class ConvertCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--allow", paramLabel = "GLOBAL",
      description = "Allow a global (module.name or 'module.*'); repeatable.")
  List<String> allow = new ArrayList<>();

  @Option(names = "--policy", paramLabel = "FILE", description = "Policy file extending the allowlist.")
  Path policyFile;

  @Option(names = "--dedupe",
      description = "Write tied weights once under their first name; dropped names are recorded in __metadata__.")
  boolean dedupe;

  @Option(names = "--force", description = "Overwrite existing output files.")
  boolean force;

  @Option(names = {"-v", "--verbose"}, description = "Report skipped non-tensor values.")
  boolean verbose;

  @Option(names = "--debug", description = "Show stack traces of internal errors.")
  boolean debug;

  @Parameters(index = "0", paramLabel = "IN", description = "Checkpoint file or folder.")
  Path in;

  @Parameters(index = "1", arity = "0..1", paramLabel = "OUT",
      description = "Output file (folder for a folder input); default: beside IN.")
  Path out;

  @Override
  public Integer call() throws Exception {
    Policy policy = policyFile == null ? Policy.defaults() : Policy.load(policyFile);
    policy = policy.allow(allow);
    PrintWriter err = spec.commandLine().getErr();
    try {
      Converter.Outcome o = Converter.convert(in, out,
          new Converter.Options(policy, dedupe, force));
      PrintWriter stdout = spec.commandLine().getOut();
      for (Path p : o.outputs()) {
        Console.line(stdout, p.toString());
      }
      stdout.flush();
      Console.line(err, "modelgate: converted " + in + ": " + o.tensors() + " tensors, " + o.bytes()
          + " bytes" + (verbose || o.skipped() > 0 ? ", " + o.skipped()
              + " non-tensor values skipped" : ""));
      return Main.OK;
    } catch (RefusedException e) {
      if (e.report() != null) {
        err.print(TextReport.render(e.report(), false));
        Console.line(err, "modelgate: refused to convert " + in
            + ": its scan verdict is not clean (allow reviewed globals with --allow)");
      } else {
        Console.line(err, "modelgate: refused to convert " + in + ": " + e.getMessage());
      }
      err.flush();
      return Main.FINDINGS;
    }
  }
}
