package dev.modelgate.triage;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads ignore entries from a {@code .modelgateignore} or a {@code modelgate.toml}.
 *
 * <p>{@code .modelgateignore}: one entry a line, {@code #} comments; an optional bare path glob
 * first, then {@code key=value} fields ({@code path}, {@code rule}, {@code sha256},
 * {@code reason}, {@code expires}); values with spaces in double quotes:
 * <pre>
 * legacy/*.pkl rule=pickle.dangerous-call reason="reviewed in SEC-12" expires=2027-01-31
 * rule=joblib.unknown-global reason="sklearn pipelines we build ourselves"
 * </pre>
 *
 * <p>{@code modelgate.toml}: {@code [[ignore]]} tables with the same keys, strings quoted
 * ({@code "..."} or {@code '...'}) and {@code expires} a TOML date or a quoted one. Other tables
 * are left to whoever owns them.
 *
 * <p>A malformed entry is an error naming file and line: a typo must not widen or drop a
 * suppression silently.
 */
public final class IgnoreFile {
  /** The names looked for beside a scanned path. */
  public static final List<String> NAMES = List.of(".modelgateignore", "modelgate.toml");
  private static final long MAX_SIZE = 1 << 20;
  private static final Set<String> KEYS = Set.of("path", "rule", "sha256", "reason", "expires");

  private IgnoreFile() {}

  /**
   * The ignore files beside the scanned paths: in a scanned folder, and in the folder that holds
   * a scanned file or folder; each once, in order.
   */
  public static List<Path> discover(List<Path> scanned) {
    Set<Path> out = new LinkedHashSet<>();
    for (Path p : scanned) {
      Path abs = p.toAbsolutePath().normalize();
      List<Path> dirs = new ArrayList<>();
      if (Files.isDirectory(abs)) {
        dirs.add(abs);
      }
      if (abs.getParent() != null) {
        dirs.add(abs.getParent());
      }
      for (Path d : dirs) {
        for (String n : NAMES) {
          Path f = d.resolve(n);
          if (Files.isRegularFile(f) && (!n.endsWith(".toml") || mentionsIgnore(f))) {
            out.add(shown(f));
          }
        }
      }
    }
    return List.copyOf(out);
  }

  /** Relative to the current directory when inside it, as the user would name it. */
  private static Path shown(Path abs) {
    Path cwd = Path.of("").toAbsolutePath();
    return abs.startsWith(cwd) ? cwd.relativize(abs) : abs;
  }

  /** A modelgate.toml without [[ignore]] tables is someone's configuration, not an ignore file. */
  private static boolean mentionsIgnore(Path f) {
    try {
      return Files.size(f) <= MAX_SIZE && Files.readString(f).contains("[[ignore]]");
    } catch (IOException e) {
      return true; // reading it again reports the problem
    }
  }

  /** Reads one ignore file; its format is chosen by its name ({@code .toml} or not). */
  public static List<IgnoreEntry> read(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such ignore file");
    }
    if (Files.size(file) > MAX_SIZE) {
      throw new IOException(file + ": ignore file larger than 1 MiB");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(
          java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (CharacterCodingException e) {
      throw new IOException(file + ": ignore file is not UTF-8 text");
    }
    // a file read above is no file-system root, so its absolute path has a parent
    Path base = Objects.requireNonNull(file.toAbsolutePath().normalize().getParent(), "parent");
    return file.getFileName().toString().endsWith(".toml")
        ? parseToml(base, file.toString(), text) : parseLines(base, file.toString(), text);
  }

  static List<IgnoreEntry> parseLines(Path base, String name, String text) throws IOException {
    List<IgnoreEntry> out = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String where = name + ":" + (n + 1);
      List<String> tokens = tokens(lines[n], where);
      if (tokens.isEmpty()) {
        continue;
      }
      Map<String, String> fields = new LinkedHashMap<>();
      for (int i = 0; i < tokens.size(); i++) {
        String t = tokens.get(i);
        int eq = t.indexOf('=');
        if (eq < 0 && i == 0) {
          fields.put("path", t);
        } else if (eq <= 0) {
          throw new IOException(where + ": expected key=value, found '" + t + "'");
        } else {
          put(fields, t.substring(0, eq), t.substring(eq + 1), where);
        }
      }
      out.add(entry(base, fields, where));
    }
    return out;
  }

  /** Whitespace-separated tokens; double quotes group (with \" and \\ escapes); # starts a comment. */
  private static List<String> tokens(String line, String where) throws IOException {
    List<String> out = new ArrayList<>();
    StringBuilder cur = null;
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        StringBuilder q = Objects.requireNonNull(cur, "a quote starts a token");
        if (c == '\\' && i + 1 < line.length()) {
          q.append(line.charAt(++i));
        } else if (c == '"') {
          quoted = false;
        } else {
          q.append(c);
        }
      } else if (c == '"') {
        cur = cur == null ? new StringBuilder() : cur;
        quoted = true;
      } else if (c == '#' && cur == null) {
        break;
      } else if (Character.isWhitespace(c)) {
        if (cur != null) {
          out.add(cur.toString());
          cur = null;
        }
      } else {
        cur = cur == null ? new StringBuilder() : cur;
        cur.append(c);
      }
    }
    if (quoted) {
      throw new IOException(where + ": unterminated quote");
    }
    if (cur != null) {
      out.add(cur.toString());
    }
    return out;
  }

  static List<IgnoreEntry> parseToml(Path base, String name, String text) throws IOException {
    List<IgnoreEntry> out = new ArrayList<>();
    Map<String, String> fields = null;
    String started = name; // set with fields: an entry starts at its [[ignore]] line
    String[] lines = text.split("\r?\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String where = name + ":" + (n + 1);
      String line = lines[n].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[")) {
        if (fields != null) {
          out.add(entry(base, fields, started));
        }
        String header = stripComment(line);
        fields = header.equals("[[ignore]]") ? new LinkedHashMap<>() : null;
        started = where;
        continue;
      }
      if (fields == null) {
        continue; // a key of another table
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IOException(where + ": expected key = value");
      }
      put(fields, line.substring(0, eq).strip(), tomlValue(line.substring(eq + 1).strip(), where),
          where);
    }
    if (fields != null) {
      out.add(entry(base, fields, started));
    }
    return out;
  }

  private static String stripComment(String s) {
    int hash = s.indexOf('#');
    return (hash < 0 ? s : s.substring(0, hash)).strip();
  }

  /** A TOML basic or literal string, or a bare date. */
  private static String tomlValue(String v, String where) throws IOException {
    if (v.startsWith("\"") || v.startsWith("'")) {
      char q = v.charAt(0);
      StringBuilder b = new StringBuilder();
      int i = 1;
      for (; i < v.length() && v.charAt(i) != q; i++) {
        char c = v.charAt(i);
        if (q == '"' && c == '\\' && i + 1 < v.length()) {
          char e = v.charAt(++i);
          b.append(switch (e) {
            case 'n' -> '\n';
            case 't' -> '\t';
            default -> e;
          });
        } else {
          b.append(c);
        }
      }
      if (i >= v.length()) {
        throw new IOException(where + ": unterminated string");
      }
      String rest = v.substring(i + 1).strip();
      if (!rest.isEmpty() && !rest.startsWith("#")) {
        throw new IOException(where + ": unexpected text after the string: " + rest);
      }
      return b.toString();
    }
    String bare = stripComment(v);
    if (!bare.matches("\\d{4}-\\d{2}-\\d{2}")) {
      throw new IOException(where + ": values are quoted strings or dates, not " + bare);
    }
    return bare;
  }

  private static void put(Map<String, String> fields, String key, String value, String where)
      throws IOException {
    if (!KEYS.contains(key)) {
      throw new IOException(where + ": unknown key '" + key + "' (path, rule, sha256, reason,"
          + " expires)");
    }
    if (fields.put(key, value) != null) {
      throw new IOException(where + ": '" + key + "' given twice");
    }
  }

  private static IgnoreEntry entry(Path base, Map<String, String> f, String where)
      throws IOException {
    LocalDate expires = null;
    if (f.containsKey("expires")) {
      try {
        expires = LocalDate.parse(f.getOrDefault("expires", ""));
      } catch (DateTimeParseException e) {
        throw new IOException(where + ": expires is not a date (YYYY-MM-DD): " + f.get("expires"));
      }
    }
    try {
      // a missing reason is refused by IgnoreEntry, as an empty one is
      return new IgnoreEntry(base, f.get("path"), f.get("rule"), f.get("sha256"),
          f.getOrDefault("reason", ""), expires, where);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage());
    }
  }
}
