package dev.modelgate.cli;

import dev.modelgate.ModelGate;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code modelgate <command>}. Exit codes follow the command-line contract. */
@Command(name = "modelgate", mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Scan, convert, hash and sign AI model files without executing them.",
    subcommands = {
        ScanCommand.class,
        HashCommand.class,
        SignCommand.class,
        VerifyCommand.class,
        TrainCommand.class,
        ConvertCommand.class,
        InspectCommand.class,
        AuditCommand.class,
    })
public final class Main {
  /** Done; for scan: every file clean. */
  static final int OK = 0;
  /** Done with findings, or verification failed. */
  static final int FINDINGS = 1;
  /** Could not do the job: usage, unreadable path, internal error. */
  static final int ERROR = 2;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs a command line with the given streams; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExitCodeExceptionMapper(t -> ERROR);
    cl.setParameterExceptionHandler((ex, a) -> {
      Console.line(err, "modelgate: " + ex.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
      err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
      return ERROR;
    });
    cl.setExecutionExceptionHandler((ex, c, parsed) -> {
      Console.line(err, "modelgate: " + Errors.describe(ex));
      if (Errors.debug(parsed)) {
        Console.trace(err, ex);
      }
      return ERROR;
    });
    return cl.execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {ModelGate.NAME + " " + ModelGate.VERSION};
    }
  }
}
