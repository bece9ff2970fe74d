package dev.modelgate.cli.args;

import java.util.List;

/**
 * One option of a command, as data: its spellings, whether it takes a value, its help line.
 * Commands list their options in a table; parsing and help are generated from the table, with no
 * reflection and no annotations (so every class on the start-up path is AOT-cacheable).
 *
 * @param names spellings, short ({@code -o}) and long ({@code --output}); the first long one is
 *     the key a command reads the value by
 * @param label the value's placeholder in help ({@code FILE}); null for a flag
 * @param choices the values allowed (checked while parsing); empty for any value
 * @param repeatable may be given more than once (values collect in order)
 * @param required must be given
 * @param hidden left out of help
 */
public record Opt(List<String> names, String label, String help, List<String> choices,
    boolean repeatable, boolean required, boolean hidden) {

  public Opt {
    names = List.copyOf(names);
    choices = List.copyOf(choices);
    if (names.isEmpty() || help == null) {
      throw new IllegalArgumentException("an option needs a name and help text");
    }
    for (String n : names) {
      if (!n.startsWith("-") || n.length() < 2 || n.contains("=")
          || (!n.startsWith("--") && n.length() != 2)) {
        throw new IllegalArgumentException("bad option name " + n);
      }
    }
  }

  /** A flag: present or not. */
  public static Opt flag(String help, String... names) {
    return new Opt(List.of(names), null, help, List.of(), false, false, false);
  }

  /** An option with a value, e.g. {@code --output FILE}. */
  public static Opt value(String label, String help, String... names) {
    return new Opt(List.of(names), label, help, List.of(), false, false, false);
  }

  public Opt repeat() {
    return new Opt(names, label, help, choices, true, required, hidden);
  }

  public Opt require() {
    return new Opt(names, label, help, choices, repeatable, true, hidden);
  }

  public Opt hide() {
    return new Opt(names, label, help, choices, repeatable, required, true);
  }

  /** Only these values are accepted; the label becomes {@code a|b|c}. */
  public Opt choices(String... allowed) {
    return new Opt(names, String.join("|", allowed), help, List.of(allowed), repeatable, required,
        hidden);
  }

  public boolean takesValue() {
    return label != null;
  }

  /** The name values are read by: the first long spelling, else the first. */
  public String key() {
    for (String n : names) {
      if (n.startsWith("--")) {
        return n;
      }
    }
    return names.get(0);
  }
}
