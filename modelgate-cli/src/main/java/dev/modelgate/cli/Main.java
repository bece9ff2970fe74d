package dev.modelgate.cli;

import dev.modelgate.ModelGate;
import dev.modelgate.cli.args.Command;
import dev.modelgate.cli.args.Help;
import dev.modelgate.cli.args.Io;
import dev.modelgate.cli.args.Parser;
import dev.modelgate.cli.args.UsageException;
import java.io.PrintWriter;
import java.util.List;

/**
 * Entry point: {@code modelgate <command>}. Exit codes follow the command-line contract: 0 done
 * (scan: all clean), 1 findings (verify: not valid), 2 could not do the job.
 */
public final class Main {
  /** Done; for scan: every file clean. */
  static final int OK = 0;
  /** Done with findings, or verification failed. */
  static final int FINDINGS = 1;
  /** Could not do the job: usage, unreadable path, internal error. */
  static final int ERROR = 2;

  static final Command ROOT = Command.group(ModelGate.NAME,
      List.of("Scan, convert, hash and sign AI model files without executing them."),
      List.of(),
      List.of(ScanCommand.COMMAND, ConvertCommand.COMMAND, InspectCommand.COMMAND,
          HashCommand.COMMAND, SignCommand.COMMAND, VerifyCommand.COMMAND, AuditCommand.COMMAND,
          TrainCommand.COMMAND));

  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, System.out.charset());
    PrintWriter err = new PrintWriter(System.err, true, System.err.charset());
    int code = run(args, out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs a command line with the given streams; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, new Io(out, err, Terminal.stdout(), Terminal.stderr(), System.getenv()));
  }

  static int run(String[] argv, Io io) {
    Parser.Parsed p;
    try {
      p = Parser.parse(ROOT, argv);
    } catch (UsageException e) {
      return usage(io.err(), e);
    }
    String name = p.args().commandName();
    if (p.version()) {
      io.out().println(ModelGate.NAME + " " + ModelGate.VERSION);
      io.out().flush();
      return OK;
    }
    if (p.help()) {
      io.out().print(Help.render(p.command(), name));
      io.out().flush();
      return OK;
    }
    if (p.command().action() == null) {
      io.err().print(Help.render(p.command(), name));
      io.err().flush();
      return ERROR;
    }
    try {
      return p.command().action().run(p.args(), io);
    } catch (UsageException e) {
      return usage(io.err(), e);
    } catch (Failure e) {
      return fail(io, p, e.code, e.getMessage(), e.getCause());
    } catch (Exception e) {
      return fail(io, p, ERROR, Errors.describe(e), e);
    } finally {
      io.out().flush();
    }
  }

  /** One escaped line (a message may name what a hostile file chose); the trace with --debug. */
  private static int fail(Io io, Parser.Parsed p, int code, String message, Throwable t) {
    Console.line(io.err(), "modelgate: " + message);
    if (p.args().debug() && t != null) {
      Console.trace(io.err(), t);
    }
    io.err().flush();
    return code;
  }

  private static int usage(PrintWriter err, UsageException e) {
    Console.line(err, "modelgate: " + e.getMessage());
    err.println("Try '" + e.command() + " --help'.");
    err.flush();
    return ERROR;
  }
}
