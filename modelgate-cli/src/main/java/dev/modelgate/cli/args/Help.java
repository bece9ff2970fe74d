package dev.modelgate.cli.args;

import java.util.ArrayList;
import java.util.List;

/** A command's help text, generated from its tables: usage line, description, parameters, options, subcommands. */
public final class Help {
  private static final int WIDTH = 80;
  private static final int COLUMN = 28;

  private Help() {}

  /**
   * The help text of {@code c}.
   *
   * @param name the full command name, e.g. {@code modelgate verify key}
   */
  public static String render(Command c, String name) {
    StringBuilder b = new StringBuilder();
    StringBuilder usage = new StringBuilder("Usage: ").append(name);
    if (c.options().stream().anyMatch(o -> !o.hidden())) {
      usage.append(" [OPTIONS]");
    }
    for (Opt o : c.options()) {
      if (o.required()) {
        usage.append(' ').append(o.key()).append('=').append(o.label());
      }
    }
    if (c.action() == null) {
      usage.append(" COMMAND");
    }
    for (Param p : c.params()) {
      usage.append(' ').append(p.usage());
    }
    wrap(b, usage.toString(), 0, "        ");
    for (String d : c.description()) {
      wrap(b, d, 0, "");
    }
    if (!c.params().isEmpty()) {
      b.append("\nParameters:\n");
      for (Param p : c.params()) {
        row(b, "  " + p.usage(), p.help());
      }
    }
    b.append("\nOptions:\n");
    List<Opt> all = new ArrayList<>(c.options());
    all.add(Command.HELP);
    all.add(Command.VERSION);
    for (Opt o : all) {
      if (!o.hidden()) {
        row(b, spellings(o), o.help() + (o.repeatable() ? " Repeatable." : ""));
      }
    }
    if (c.action() == null) {
      b.append("\nCommands:\n");
      for (Command s : c.subcommands()) {
        if (!s.hidden()) {
          row(b, "  " + s.name(), summary(s));
        }
      }
      b.append("\nSee '").append(name).append(" COMMAND --help' for a command's options.\n");
    }
    return b.toString();
  }

  /** The first sentence of a command's description, for its parent's list. */
  static String summary(Command c) {
    if (c.description().isEmpty()) {
      return "";
    }
    String d = c.description().get(0);
    int stop = d.indexOf(". ");
    return stop < 0 ? d : d.substring(0, stop + 1);
  }

  /** {@code -o, --output=FILE} with short spellings aligned as picocli aligns them. */
  static String spellings(Opt o) {
    List<String> shorts = new ArrayList<>();
    List<String> longs = new ArrayList<>();
    for (String n : o.names()) {
      (n.startsWith("--") ? longs : shorts).add(n);
    }
    StringBuilder s = new StringBuilder(shorts.isEmpty() ? "     " : "  " + shorts.get(0)
        + (longs.isEmpty() && shorts.size() == 1 ? "" : ","));
    List<String> rest = new ArrayList<>(shorts.subList(Math.min(1, shorts.size()), shorts.size()));
    rest.addAll(longs);
    s.append(rest.isEmpty() ? "" : " " + String.join(", ", rest));
    if (o.takesValue()) {
      s.append('=').append(o.label());
    }
    return s.toString();
  }

  private static void row(StringBuilder b, String left, String text) {
    if (left.length() + 2 > COLUMN) {
      b.append(left).append('\n');
      wrap(b, text, COLUMN, " ".repeat(COLUMN));
    } else {
      String pad = left + " ".repeat(COLUMN - left.length());
      wrapFirst(b, text, pad, " ".repeat(COLUMN));
    }
  }

  private static void wrap(StringBuilder b, String text, int indent, String hang) {
    wrapFirst(b, text, " ".repeat(indent), indent == 0 ? hang : " ".repeat(indent));
  }

  /** Word-wraps {@code text} at {@link #WIDTH}: the first line after {@code first}, the rest after {@code hang}. */
  private static void wrapFirst(StringBuilder b, String text, String first, String hang) {
    StringBuilder line = new StringBuilder(first);
    int start = line.length();
    for (String w : text.split(" ", 0)) {
      if (line.length() > start && line.length() + 1 + w.length() > WIDTH) {
        b.append(line.toString().stripTrailing()).append('\n');
        line = new StringBuilder(hang);
        start = line.length();
      }
      if (line.length() > start) {
        line.append(' ');
      }
      line.append(w);
    }
    b.append(line.toString().stripTrailing()).append('\n');
  }
}
