package dev.modelgate.cli.args;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed command line: option values by key ({@link Opt#key()}) and positional parameters.
 * Asking for an option the command does not declare is a programming error
 * ({@link IllegalArgumentException}), so a misspelt key fails every test that reaches it.
 */
public final class Args {
  private final Command command;
  private final String commandName;
  private final Map<String, List<String>> values = new LinkedHashMap<>();
  private final List<String> params = new ArrayList<>();

  Args(Command command, String commandName) {
    this.command = command;
    this.commandName = commandName;
  }

  void add(Opt o, String value) {
    values.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(value);
  }

  void param(String p) {
    params.add(p);
  }

  boolean given(Opt o) {
    return values.containsKey(o.key());
  }

  /** The full name for messages, e.g. {@code modelgate sign key}. */
  public String commandName() {
    return commandName;
  }

  private List<String> get(String key) {
    Opt o = command.option(key);
    if (o == null || !o.key().equals(key)) {
      throw new IllegalArgumentException(commandName + " declares no option " + key);
    }
    return values.getOrDefault(key, List.of());
  }

  public boolean flag(String key) {
    return !get(key).isEmpty();
  }

  /** The value, or null when not given. */
  public String string(String key) {
    List<String> v = get(key);
    return v.isEmpty() ? null : v.get(v.size() - 1);
  }

  public String string(String key, String otherwise) {
    String v = string(key);
    return v == null ? otherwise : v;
  }

  /** Every value of a repeatable option, in order. */
  public List<String> strings(String key) {
    return List.copyOf(get(key));
  }

  public Path path(String key) {
    String v = string(key);
    return v == null ? null : Path.of(v);
  }

  public List<Path> paths(String key) {
    return get(key).stream().map(Path::of).toList();
  }

  /** A whole number, or null when not given. */
  public Long number(String key) throws UsageException {
    String v = string(key);
    if (v == null) {
      return null;
    }
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new UsageException(commandName, "Invalid value for option '" + key + "': '" + v
          + "' is not a whole number");
    }
  }

  /** Whether the user asked for stack traces; false where the command has no {@code --debug}. */
  public boolean debug() {
    Opt o = command.option("--debug");
    return o != null && given(o);
  }

  public List<String> params() {
    return List.copyOf(params);
  }

  public Path paramPath(int i) {
    return i < params.size() ? Path.of(params.get(i)) : null;
  }

  public List<Path> paramPaths() {
    return params.stream().map(Path::of).toList();
  }

  /** A usage error of this command (exit 2, with a pointer to its help). */
  public UsageException usage(String message) {
    return new UsageException(commandName, message);
  }
}
