package dev.modelgate.audit.deps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Dependencies in TOML files: pyproject.toml (PEP 621 dependencies and optional dependencies,
 * PEP 735 dependency groups, Poetry's tables), and the lock files poetry.lock, uv.lock and
 * pylock.toml (PEP 751), whose packages carry exact versions.
 */
final class TomlFiles {
  private TomlFiles() {}

  static List<Dependency> pyproject(String text, String shown) throws DependencyFileException {
    Map<String, Object> doc = parse(text, shown);
    List<Dependency> out = new ArrayList<>();
    Map<?, ?> project = map(doc.get("project"));
    for (Object o : list(project.get("dependencies"))) {
      requirement(o, text, shown, out);
    }
    for (Object group : map(project.get("optional-dependencies")).values()) {
      for (Object o : list(group)) {
        requirement(o, text, shown, out);
      }
    }
    for (Object group : map(doc.get("dependency-groups")).values()) {
      for (Object o : list(group)) {
        if (o instanceof String) {
          requirement(o, text, shown, out); // {include-group = "…"} tables name no package
        }
      }
    }
    Map<?, ?> poetry = map(map(doc.get("tool")).get("poetry"));
    poetryTable(map(poetry.get("dependencies")), text, shown, out);
    poetryTable(map(poetry.get("dev-dependencies")), text, shown, out);
    for (Object g : map(poetry.get("group")).values()) {
      poetryTable(map(map(g).get("dependencies")), text, shown, out);
    }
    return out;
  }

  private static void requirement(Object o, String text, String shown, List<Dependency> out)
      throws DependencyFileException {
    if (!(o instanceof String req)) {
      throw new DependencyFileException(shown + ": a dependency is not a string", 0);
    }
    int line = lineOf(text, req);
    try {
      out.add(Pep508.dependency(req, shown, line));
    } catch (IllegalArgumentException e) {
      throw new DependencyFileException(shown + ":" + line + ": " + e.getMessage(), line);
    }
  }

  private static void poetryTable(Map<?, ?> table, String text, String shown,
      List<Dependency> out) throws DependencyFileException {
    for (Map.Entry<?, ?> e : table.entrySet()) {
      String name = String.valueOf(e.getKey());
      if (name.equalsIgnoreCase("python")) {
        continue;
      }
      Object v = e.getValue();
      if (v instanceof Map<?, ?> m) {
        v = m.get("version"); // git/path/url dependencies have none
      }
      if (v instanceof List<?> alternatives) {
        // multiple-constraint dependencies: one entry per platform/python alternative
        for (Object alt : alternatives) {
          Object ver = alt instanceof Map<?, ?> m ? m.get("version") : alt;
          poetryEntry(name, ver, text, shown, out);
        }
        continue;
      }
      poetryEntry(name, v, text, shown, out);
    }
  }

  private static void poetryEntry(String name, Object v, String text, String shown,
      List<Dependency> out) throws DependencyFileException {
    int line = lineOf(text, name + " =");
    if (!(v instanceof String constraint)) {
      out.add(new Dependency(Dependency.normalize(name), null, null, shown, line, name));
      return;
    }
    try {
      for (SpecifierSet s : PoetryConstraint.parse(constraint)) {
        out.add(new Dependency(Dependency.normalize(name), s, s.pinned(), shown, line,
            name + " = \"" + constraint + "\""));
      }
    } catch (IllegalArgumentException ex) {
      throw new DependencyFileException(shown + ":" + line + ": " + name + ": "
          + ex.getMessage(), line);
    }
  }

  /** poetry.lock / uv.lock ({@code [[package]]}) and pylock.toml ({@code [[packages]]}). */
  static List<Dependency> lock(String text, String shown, String arrayName)
      throws DependencyFileException {
    Map<String, Object> doc = parse(text, shown);
    List<Dependency> out = new ArrayList<>();
    for (Object o : list(doc.get(arrayName))) {
      Map<?, ?> p = map(o);
      Object name = p.get("name");
      Object version = p.get("version");
      if (!(name instanceof String n)) {
        throw new DependencyFileException(shown + ": a package has no name", 0);
      }
      int line = lineOf(text, "name = \"" + n + "\"");
      if (line == 0) {
        line = lineOf(text, "name = '" + n + "'");
      }
      if (!(version instanceof String vs)) {
        continue; // a path or VCS package in uv.lock: no version to match
      }
      Version v = Version.tryParse(vs);
      if (v == null) {
        throw new DependencyFileException(shown + ":" + line + ": " + n + ": version '" + vs
            + "' is not PEP 440", line);
      }
      out.add(new Dependency(Dependency.normalize(n), SpecifierSet.exactly(v), v, shown, line,
          n + " " + vs));
    }
    return out;
  }

  private static Map<String, Object> parse(String text, String shown)
      throws DependencyFileException {
    try {
      return Toml.parse(text);
    } catch (Toml.TomlException e) {
      throw new DependencyFileException(shown + ": " + e.getMessage(), e.line);
    }
  }

  static Map<?, ?> map(Object o) {
    return o instanceof Map<?, ?> m ? m : Map.of();
  }

  static List<?> list(Object o) {
    return o instanceof List<?> l ? l : List.of();
  }

  /** The 1-based line where {@code needle} first appears, 0 when it does not. */
  static int lineOf(String text, String needle) {
    int at = text.indexOf(needle);
    if (at < 0) {
      return 0;
    }
    int line = 1;
    for (int k = 0; k < at; k++) {
      if (text.charAt(k) == '\n') {
        line++;
      }
    }
    return line;
  }
}
