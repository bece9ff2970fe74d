package dev.modelgate.cli.args;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@code argv} into the command to run and its {@link Args}, with picocli's spellings:
 * {@code --opt=value}, {@code --opt value}, {@code -o value}, {@code -ovalue}, clustered short
 * flags ({@code -vh}), {@code --} before parameters that start with a dash, {@code -h}/{@code
 * --help} and {@code -V}/{@code --version} on every command. An unknown command or option is a
 * usage error even when help is asked for, so a typo never looks like success.
 */
public final class Parser {
  private Parser() {}

  /**
   * What to do.
   *
   * @param path the commands from the root to the one to run
   */
  public record Parsed(List<Command> path, Args args, boolean help, boolean version) {
    public Command command() {
      return path.get(path.size() - 1);
    }
  }

  @SuppressWarnings("ReferenceEquality") // Command.HELP/VERSION: those very option objects
  public static Parsed parse(Command root, String[] argv) throws UsageException {
    List<Command> path = new ArrayList<>(List.of(root));
    Command cmd = root;
    String name = root.name();
    Args args = new Args(cmd, name);
    boolean help = false;
    boolean version = false;
    boolean onlyParams = false;
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      if (!onlyParams && a.equals("--")) {
        onlyParams = true;
      } else if (!onlyParams && a.startsWith("--")) {
        int eq = a.indexOf('=');
        String spelling = eq < 0 ? a : a.substring(0, eq);
        Opt o = known(cmd, name, spelling);
        if (o.takesValue()) {
          String v;
          if (eq >= 0) {
            v = a.substring(eq + 1);
          } else {
            v = next(cmd, name, o, argv, i);
            i++;
          }
          set(args, name, o, v);
        } else if (eq >= 0) {
          throw new UsageException(name, "option '" + spelling + "' takes no value");
        } else {
          help |= o == Command.HELP;
          version |= o == Command.VERSION;
          args.add(o, "");
        }
      } else if (!onlyParams && a.startsWith("-") && a.length() > 1) {
        // a cluster of short options: -vh, -ofile, -o file
        for (int k = 1; k < a.length(); k++) {
          Opt o = known(cmd, name, "-" + a.charAt(k));
          if (o.takesValue()) {
            String v;
            if (k + 1 < a.length()) {
              v = a.substring(k + 1);
            } else {
              v = next(cmd, name, o, argv, i);
              i++;
            }
            set(args, name, o, v);
            break;
          }
          help |= o == Command.HELP;
          version |= o == Command.VERSION;
          args.add(o, "");
        }
      } else if (cmd.action() == null) {
        Command sub = cmd.subcommand(a);
        if (sub == null) {
          throw new UsageException(name, "Unknown command '" + a + "'" + Suggest.among(a,
              cmd.subcommands().stream().filter(c -> !c.hidden()).map(Command::name).toList()));
        }
        cmd = sub;
        name = name + " " + sub.name();
        path.add(sub);
        args = new Args(cmd, name);
      } else {
        args.param(a);
      }
    }
    if (!help && !version) {
      check(cmd, name, args);
    }
    return new Parsed(List.copyOf(path), args, help, version);
  }

  private static Opt known(Command cmd, String name, String spelling) throws UsageException {
    Opt o = cmd.option(spelling);
    if (o == null) {
      List<String> all = new ArrayList<>();
      for (Opt x : cmd.options()) {
        if (!x.hidden()) {
          all.addAll(x.names());
        }
      }
      throw new UsageException(name, "Unknown option: '" + spelling + "'"
          + Suggest.among(spelling, all));
    }
    return o;
  }

  /** The value after an option; missing when there is none or it is another option. */
  private static String next(Command cmd, String name, Opt o, String[] argv, int i)
      throws UsageException {
    if (i + 1 >= argv.length || isOption(cmd, argv[i + 1])) {
      throw new UsageException(name, "Missing required parameter for option '" + o.key()
          + "' (" + o.label() + ")");
    }
    return argv[i + 1];
  }

  private static boolean isOption(Command cmd, String a) {
    if (a.startsWith("--")) {
      int eq = a.indexOf('=');
      return cmd.option(eq < 0 ? a : a.substring(0, eq)) != null;
    }
    return a.length() == 2 && a.charAt(0) == '-' && cmd.option(a) != null;
  }

  private static void set(Args args, String name, Opt o, String v) throws UsageException {
    if (!o.choices().isEmpty() && !o.choices().contains(v)) {
      throw new UsageException(name, "Invalid value for option '" + o.key() + "': expected one of "
          + String.join(", ", o.choices()) + " but was '" + v + "'");
    }
    if (!o.repeatable() && args.given(o)) {
      throw new UsageException(name, "option '" + o.key() + "' should be specified only once");
    }
    args.add(o, v);
  }

  private static void check(Command cmd, String name, Args args) throws UsageException {
    for (Opt o : cmd.options()) {
      if (o.required() && !args.given(o)) {
        throw new UsageException(name, "Missing required option: '" + o.key() + "=" + o.label()
            + "'");
      }
    }
    int n = args.params().size();
    int min = 0;
    long max = 0;
    for (Param p : cmd.params()) {
      min += p.min();
      max += p.max();
    }
    if (n < min) {
      Param missing = cmd.params().get(0);
      int seen = 0;
      for (Param p : cmd.params()) {
        if (n < seen + p.min()) {
          missing = p;
          break;
        }
        seen += p.max();
      }
      throw new UsageException(name, "Missing required parameter: '" + missing.label() + "'");
    }
    if (n > max) {
      throw new UsageException(name, "Unexpected parameter: '" + args.params().get((int) max)
          + "'");
    }
  }
}
