package dev.modelgate.cli.args;

import java.util.List;

/**
 * A command as data: its name, help text, option table, positional parameters, and either an
 * action or subcommands ({@code sign key}, {@code sign certificate}).
 *
 * @param description help paragraphs; the first is the one-line summary in the parent's list
 * @param action null for a group of subcommands (run without one, it prints its help, exit 2)
 * @param hidden left out of the parent's list (internal commands)
 */
public record Command(String name, List<String> description, List<Opt> options,
    List<Param> params, List<Command> subcommands, Action action, boolean hidden) {

  /** Spellings every command understands. */
  public static final Opt HELP = Opt.flag("Show this help message and exit.", "-h", "--help");
  public static final Opt VERSION = Opt.flag("Print version information and exit.", "-V",
      "--version");

  public Command {
    description = List.copyOf(description);
    options = List.copyOf(options);
    params = List.copyOf(params);
    subcommands = List.copyOf(subcommands);
    if ((action == null) == subcommands.isEmpty()) {
      throw new IllegalArgumentException(name + ": a command has an action or subcommands");
    }
    for (int i = 0; i + 1 < params.size(); i++) {
      if (params.get(i).max() != params.get(i).min()) {
        throw new IllegalArgumentException(name + ": only the last parameter may vary in number");
      }
    }
  }

  /** A command that runs {@code action}. */
  public static Command of(String name, List<String> description, List<Opt> options,
      List<Param> params, Action action) {
    return new Command(name, description, options, params, List.of(), action, false);
  }

  /** A group: {@code name SUBCOMMAND ...}. */
  public static Command group(String name, List<String> description, List<Opt> options,
      List<Command> subcommands) {
    return new Command(name, description, options, List.of(), subcommands, null, false);
  }

  public Command hide() {
    return new Command(name, description, options, params, subcommands, action, true);
  }

  /** The option spelled {@code name} (any of its spellings), or null. */
  Opt option(String spelling) {
    for (Opt o : options) {
      if (o.names().contains(spelling)) {
        return o;
      }
    }
    for (Opt o : List.of(HELP, VERSION)) {
      if (o.names().contains(spelling)) {
        return o;
      }
    }
    return null;
  }

  Command subcommand(String n) {
    for (Command c : subcommands) {
      if (c.name().equals(n)) {
        return c;
      }
    }
    return null;
  }
}
