package dev.modelgate.audit.deps;

import dev.modelgate.json.Json;
import dev.modelgate.json.JsonException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pipfile.lock (JSON), conda environment.yml (the block-list subset conda writes) and installed
 * {@code *.dist-info/METADATA} / {@code *.egg-info/PKG-INFO} headers.
 */
final class OtherFiles {
  private OtherFiles() {}

  static List<Dependency> pipfileLock(String text, String shown) throws DependencyFileException {
    Object doc;
    try {
      doc = Json.parse(text);
    } catch (JsonException e) {
      throw new DependencyFileException(shown + ": " + e.getMessage(), 0);
    }
    List<Dependency> out = new ArrayList<>();
    for (String section : new String[] {"default", "develop"}) {
      for (Map.Entry<?, ?> e : TomlFiles.map(TomlFiles.map(doc).get(section)).entrySet()) {
        String name = String.valueOf(e.getKey());
        Object v = TomlFiles.map(e.getValue()).get("version");
        int line = TomlFiles.lineOf(text, "\"" + name + "\"");
        if (!(v instanceof String spec)) {
          out.add(new Dependency(Dependency.normalize(name), null, null, shown, line, name));
          continue;
        }
        try {
          SpecifierSet s = SpecifierSet.parse(spec);
          out.add(new Dependency(Dependency.normalize(name), s, s.pinned(), shown, line,
              name + spec));
        } catch (IllegalArgumentException ex) {
          throw new DependencyFileException(shown + ":" + line + ": " + name + ": "
              + ex.getMessage(), line);
        }
      }
    }
    return out;
  }

  /** conda package names that are PyPI packages under another name. */
  private static final Map<String, String> CONDA_NAMES = Map.of("pytorch", "torch",
      "py-opencv", "opencv-python", "pytorch-cpu", "torch", "pytorch-gpu", "torch",
      "tensorflow-base", "tensorflow", "keras-base", "keras");

  /**
   * environment.yml: the entries of {@code dependencies:} ({@code - numpy=1.26.4},
   * {@code - conda-forge::pytorch>=2.1}) and of its {@code - pip:} list (PEP 508).
   */
  static List<Dependency> condaEnvironment(String text, String shown)
      throws DependencyFileException {
    List<Dependency> out = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    boolean inDeps = false;
    int pipIndent = -1;
    for (int k = 0; k < lines.length; k++) {
      String raw = lines[k];
      String line = raw.replaceAll("\\s+#.*$", "");
      if (line.isBlank() || line.strip().startsWith("#")) {
        continue;
      }
      int indent = line.length() - line.stripLeading().length();
      String t = line.strip();
      if (indent == 0) {
        inDeps = t.equals("dependencies:");
        pipIndent = -1;
        if (!inDeps && !t.contains(":")) {
          throw new DependencyFileException(shown + ":" + (k + 1) + ": not a YAML mapping entry",
              k + 1);
        }
        continue;
      }
      if (!inDeps || !t.startsWith("-")) {
        continue;
      }
      String item = unquote(t.substring(1).strip());
      if (pipIndent >= 0 && indent <= pipIndent) {
        pipIndent = -1;
      }
      if (item.equals("pip:")) {
        pipIndent = indent;
        continue;
      }
      try {
        if (pipIndent >= 0) {
          out.add(Pep508.dependency(item, shown, k + 1));
        } else {
          Dependency d = condaSpec(item, shown, k + 1);
          if (d != null) {
            out.add(d);
          }
        }
      } catch (IllegalArgumentException e) {
        throw new DependencyFileException(shown + ":" + (k + 1) + ": " + e.getMessage(), k + 1);
      }
    }
    return out;
  }

  private static String unquote(String s) {
    if (s.length() >= 2 && ((s.startsWith("\"") && s.endsWith("\""))
        || (s.startsWith("'") && s.endsWith("'")))) {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }

  /** {@code channel::name=1.2.3=build}, {@code name>=1.2}, {@code name 1.2.*}. */
  private static Dependency condaSpec(String item, String shown, int line) {
    String s = item.contains("::") ? item.substring(item.indexOf("::") + 2) : item;
    int k = 0;
    while (k < s.length() && (Character.isLetterOrDigit(s.charAt(k)) || "-_.".indexOf(s.charAt(k)) >= 0)) {
      k++;
    }
    String name = s.substring(0, k);
    if (name.isEmpty() || name.equals("python") || name.equals("pip")) {
      return null;
    }
    String pypi = CONDA_NAMES.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), name);
    String rest = s.substring(k).strip();
    SpecifierSet spec = null;
    if (rest.startsWith("=") && !rest.startsWith("==")) {
      String v = rest.substring(1).split("=", 2)[0];
      spec = SpecifierSet.parse(v.endsWith("*") ? "==" + v : v.chars().filter(ch -> ch == '.')
          .count() >= 2 ? "==" + v : "==" + v + ".*");
    } else if (!rest.isEmpty()) {
      String v = rest.split("=", 3).length == 3 && rest.startsWith("==")
          ? "==" + rest.substring(2).split("=", 2)[0] : rest;
      spec = SpecifierSet.parse(v.replace(" ", ""));
    }
    return new Dependency(Dependency.normalize(pypi), spec, spec == null ? null : spec.pinned(),
        shown, line, item);
  }

  /** The Name and Version headers of a METADATA or PKG-INFO file, or null without them. */
  static Dependency metadata(String text, String shown) {
    String name = null;
    String version = null;
    for (String line : text.split("\r?\n", 0)) {
      if (line.isEmpty()) {
        break; // the body (description) starts after the first blank line
      }
      if (line.startsWith("Name:")) {
        name = line.substring(5).strip();
      } else if (line.startsWith("Version:")) {
        version = line.substring(8).strip();
      }
    }
    Version v = version == null ? null : Version.tryParse(version);
    if (name == null || v == null) {
      return null;
    }
    return new Dependency(Dependency.normalize(name), SpecifierSet.exactly(v), v, shown, 0,
        name + " " + version + " (installed)");
  }
}
