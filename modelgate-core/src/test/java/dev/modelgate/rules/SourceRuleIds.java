package dev.modelgate.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The rule ids a source tree names, found without compiling it: string literals at call sites
 * of methods and constructors that take a {@code String rule} parameter (found from their
 * declarations), literals that can only be rule ids (a dash in the name: Python names have
 * none), the ids built from prefixes ({@code new SourceReader(src, 0, "gguf", ...)} reports
 * {@code gguf.truncated}), and prefix literals such as {@code "tflite.flex-" + danger}. Comments
 * are ignored; literals are read with Java's escapes and text blocks in mind.
 */
final class SourceRuleIds {
  /** Classes that build ids from a prefix argument, and the suffixes they append. */
  static final Map<String, List<String>> PREFIXED = Map.of(
      "new SourceReader", List.of(".truncated", ".too-large"),
      "ProtoReader.open", List.of(".malformed", ".truncated", ".too-large"));
  private static final Pattern DECLARATION = Pattern.compile(
      "\\b(\\w+)\\s*\\(([^()]*\\bString\\s+rule\\b[^()]*)\\)\\s*(?:throws[\\w\\s.,]+)?[{;]"
      + "|\\brecord\\s+(\\w+)\\s*\\(([^()]*\\bString\\s+rule\\b[^()]*)\\)");
  private static final Pattern COMPUTED = Pattern.compile(
      "(?i)[\\w.]*(format|prefix|rule|area)[\\w.]*(\\(\\))?\\s*\\+\\s*$");
  private static final Pattern PREFIX_LITERAL = Pattern.compile("[a-z0-9-]+\\.[a-z0-9-]*-");

  /** One string literal: its value and where it is in the file. */
  record Literal(Path file, String value, int start, int end) {
    String where(String text) {
      int line = 1;
      for (int k = 0; k < start; k++) {
        line += text.charAt(k) == '\n' ? 1 : 0;
      }
      return file + ":" + line;
    }
  }

  /** A source file with comments blanked and literal contents masked, for safe matching. */
  record Source(Path file, String text, String masked, List<Literal> literals) {}

  final List<Source> sources = new ArrayList<>();
  /**
   * Methods and constructors with a {@code String rule} parameter: name to the parameter's
   * positions (a name can be declared more than once, and other methods of the same name with
   * no rule at that position are not rule sites).
   */
  final Map<String, Set<Integer>> ruleTakers = new TreeMap<>();

  SourceRuleIds(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".java")).sorted()
          ::iterator) {
        sources.add(read(p));
      }
    }
    for (Source src : sources) {
      Matcher m = DECLARATION.matcher(src.masked);
      while (m.find()) {
        String name = m.group(1) != null ? m.group(1) : m.group(3);
        String params = m.group(1) != null ? m.group(2) : m.group(4);
        List<int[]> args = arguments(params, 0, params.length());
        for (int k = 0; k < args.size(); k++) {
          String param = params.substring(args.get(k)[0], args.get(k)[1]).strip();
          if (param.matches("String\\s+rule")) {
            ruleTakers.computeIfAbsent(name, x -> new TreeSet<>()).add(k);
          }
        }
      }
    }
  }

  /** Literals passed to rule-taking calls that look like ids ({@code area.name}). */
  List<Literal> callSiteIds() {
    List<Literal> out = new ArrayList<>();
    Pattern call = Pattern.compile("\\b(" + String.join("|", ruleTakers.keySet()) + ")\\s*\\(");
    for (Source src : sources) {
      Matcher m = call.matcher(src.masked);
      while (m.find()) {
        int close = closingParen(src.masked, m.end() - 1);
        List<int[]> args = arguments(src.masked, m.end(), close);
        for (int k : ruleTakers.get(m.group(1))) {
          if (k >= args.size()) {
            continue;
          }
          for (Literal l : src.literals) {
            if (l.start >= args.get(k)[0] && l.end <= args.get(k)[1]
                && RuleFile.ID.matcher(l.value).matches()) {
              out.add(l); // a ternary may hold two
            }
          }
        }
      }
    }
    return out;
  }

  /** Spans of the top-level comma-separated arguments in {@code s[from, to)}. */
  private static List<int[]> arguments(String s, int from, int to) {
    List<int[]> out = new ArrayList<>();
    int depth = 0;
    int start = from;
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      if (c == '(' || c == '{' || c == '[') {
        depth++;
      } else if (c == ')' || c == '}' || c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(new int[] {start, k});
        start = k + 1;
      }
    }
    if (to > start) {
      out.add(new int[] {start, to});
    }
    return out;
  }

  /** Literals that can only be rule ids: {@code area.name} with a dash in the name. */
  List<Literal> dashedIds() {
    List<Literal> out = new ArrayList<>();
    for (Source src : sources) {
      for (Literal l : src.literals) {
        int dot = l.value.indexOf('.');
        if (RuleFile.ID.matcher(l.value).matches() && l.value.indexOf('-', dot) > 0) {
          out.add(l);
        }
      }
    }
    return out;
  }

  /** Ids built by {@link #PREFIXED} calls: prefix literal + each suffix. */
  List<Literal> prefixedIds() {
    List<Literal> out = new ArrayList<>();
    for (Source src : sources) {
      for (Map.Entry<String, List<String>> e : PREFIXED.entrySet()) {
        Matcher m = Pattern.compile(Pattern.quote(e.getKey()) + "\\s*\\(").matcher(src.masked);
        while (m.find()) {
          int close = closingParen(src.masked, m.end() - 1);
          for (Literal l : src.literals) {
            if (l.start > m.end() - 1 && l.end <= close && l.value.matches("[a-z0-9-]+")) {
              for (String suffix : e.getValue()) {
                out.add(new Literal(l.file, l.value + suffix, l.start, l.end));
              }
              break; // the first plain word is the prefix argument
            }
          }
        }
      }
    }
    return out;
  }

  /** Literals such as {@code "tflite.flex-"} that start an id completed at run time. */
  List<Literal> prefixLiterals() {
    List<Literal> out = new ArrayList<>();
    for (Source src : sources) {
      for (Literal l : src.literals) {
        if (PREFIX_LITERAL.matcher(l.value).matches()
            && src.masked.substring(l.end).stripLeading().startsWith("+")) {
          out.add(l);
        }
      }
    }
    return out;
  }

  /**
   * {@code ctx.format() + ".truncated"}-style ids outside the {@link #PREFIXED} classes: a rule
   * suffix appended to something named like a format, prefix, area or rule (a JSON path plus
   * {@code ".shape"} is no id).
   */
  List<Literal> computedSuffixes(Set<String> ruleSuffixes) {
    List<Literal> out = new ArrayList<>();
    for (Source src : sources) {
      String name = src.file.getFileName().toString();
      if (name.equals("SourceReader.java") || name.equals("ProtoReader.java")) {
        continue;
      }
      for (Literal l : src.literals) {
        Matcher before = COMPUTED.matcher(src.masked.substring(Math.max(0, l.start - 80),
            l.start));
        if (ruleSuffixes.contains(l.value) && before.find()) {
          out.add(l);
        }
      }
    }
    return out;
  }

  /** Every literal value in the tree, for the reverse check (catalogued ids that exist). */
  Set<String> allLiterals() {
    Set<String> out = new TreeSet<>();
    for (Source src : sources) {
      for (Literal l : src.literals) {
        out.add(l.value);
      }
    }
    return out;
  }

  private static int closingParen(String s, int open) {
    int depth = 0;
    for (int k = open; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return k;
      }
    }
    return s.length();
  }

  /** Blanks comments and masks literal contents, keeping offsets; collects the literals. */
  static Source read(Path file) throws IOException {
    String t = Files.readString(file, StandardCharsets.UTF_8);
    StringBuilder masked = new StringBuilder(t);
    List<Literal> literals = new ArrayList<>();
    int k = 0;
    while (k < t.length()) {
      char c = t.charAt(k);
      if (t.startsWith("//", k)) {
        int end = t.indexOf('\n', k);
        end = end < 0 ? t.length() : end;
        blank(masked, k, end);
        k = end;
      } else if (t.startsWith("/*", k)) {
        int end = t.indexOf("*/", k + 2);
        end = end < 0 ? t.length() : end + 2;
        blank(masked, k, end);
        k = end;
      } else if (t.startsWith("\"\"\"", k)) {
        int end = t.indexOf("\"\"\"", k + 3);
        end = end < 0 ? t.length() : end + 3;
        blank(masked, k + 3, end - 3);
        k = end;
      } else if (c == '"' || c == '\'') {
        StringBuilder v = new StringBuilder();
        int j = k + 1;
        while (j < t.length() && t.charAt(j) != c && t.charAt(j) != '\n') {
          if (t.charAt(j) == '\\' && j + 1 < t.length()) {
            v.append(unescape(t.charAt(j + 1)));
            j += 2;
          } else {
            v.append(t.charAt(j++));
          }
        }
        if (c == '"') {
          literals.add(new Literal(file, v.toString(), k, j + 1));
        }
        blank(masked, k + 1, j);
        k = j + 1;
      } else {
        k++;
      }
    }
    return new Source(file, t, masked.toString(), literals);
  }

  private static char unescape(char c) {
    return switch (c) {
      case 'n' -> '\n';
      case 't' -> '\t';
      case 'r' -> '\r';
      case '0' -> '\0';
      default -> c;
    };
  }

  private static void blank(StringBuilder b, int from, int to) {
    for (int k = from; k < to && k < b.length(); k++) {
      if (b.charAt(k) != '\n') {
        b.setCharAt(k, ' ');
      }
    }
  }
}
