package dev.modelgate.yaml;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A bounded reader for the block-style YAML that configuration dumpers write (PyYAML's
 * {@code safe_dump}, OmegaConf's {@code save}): block mappings and sequences (also PyYAML's
 * unindented ones), plain, quoted, multi-line and block ({@code |}, {@code >}) scalars, flow
 * collections, anchors and aliases, tags and comments, in one document. Nothing is resolved
 * beyond null: scalars are strings. A mapping is a {@link LinkedHashMap}, a sequence a
 * {@link List}; an alias is the anchored object itself, so consumers walking the tree must
 * remember what they visited ({@link #walk}). Depth, node count and the size the tree would have
 * with every alias expanded (the billion-laughs bomb) are bounded; duplicate keys, complex keys
 * and recursive aliases are refused.
 */
public final class Yaml {
  /** Bounds for one parse. */
  public record Limits(int maxDepth, int maxNodes, long maxExpanded) {
    public static final Limits DEFAULT = new Limits(100, 1_000_000, 10_000_000L);
  }

  /** A scalar with a tag other than the standard ones ({@code !!python/object:os.system}). */
  public record Tagged(String tag, @Nullable Object value) {}

  private final String[] lines;
  private final Limits limits;
  private int i;
  private int nodes;
  private final Map<String, Object> anchors = new HashMap<>();
  private final IdentityHashMap<Object, Long> sizes = new IdentityHashMap<>();

  private Yaml(String text, Limits limits) {
    this.lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    this.limits = limits;
  }

  /** The document's root node; null for an empty document or a null root. */
  public static @Nullable Object parse(byte[] utf8, Limits limits) throws YamlException {
    String text = new String(utf8, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    Yaml y = new Yaml(text, limits);
    return y.document();
  }

  /** Visits every mapping entry once, with its key path; aliases are not visited twice. */
  public static void walk(@Nullable Object root, EntryVisitor v) {
    walk(root, "", v, new IdentityHashMap<>());
  }

  /** Receives each mapping entry: its dotted path, key and value. */
  public interface EntryVisitor {
    void entry(String path, String key, Object value);
  }

  private static void walk(@Nullable Object node, String path, EntryVisitor v,
      IdentityHashMap<Object, Boolean> seen) {
    if (node == null || node instanceof String || seen.put(node, Boolean.TRUE) != null) {
      return;
    }
    if (node instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String key = String.valueOf(e.getKey());
        String p = path.isEmpty() ? key : path + "." + key;
        v.entry(p, key, e.getValue());
        walk(e.getValue(), p, v, seen);
      }
    } else if (node instanceof List<?> l) {
      for (int k = 0; k < l.size(); k++) {
        walk(l.get(k), path + "[" + k + "]", v, seen);
      }
    } else if (node instanceof Tagged t) {
      walk(t.value(), path, v, seen);
    }
  }

  private @Nullable Object document() throws YamlException {
    skipBlank();
    if (i < lines.length && lines[i].startsWith("---")) {
      String rest = lines[i].substring(3).strip();
      lines[i] = rest.isEmpty() ? "" : rest;
      skipBlank();
    }
    Object root = i < lines.length ? block(0, 0) : null;
    skipBlank();
    if (i < lines.length && lines[i].startsWith("...")) {
      i++;
      skipBlank();
    }
    if (i < lines.length) {
      throw error(lines[i].startsWith("---") ? "more than one document" : "unexpected content");
    }
    return root;
  }

  /**
   * The block node whose first line is the next content line, indented at least {@code min};
   * null when there is none (an empty value) or it is a null scalar.
   */
  @Nullable Object block(int min, int depth) throws YamlException {
    if (depth > limits.maxDepth()) {
      throw limit("nested deeper than " + limits.maxDepth());
    }
    skipBlank();
    if (i >= lines.length || indent(lines[i]) < min) {
      return null;
    }
    int ind = indent(lines[i]);
    String c = lines[i].substring(ind);
    if (c.equals("-") || c.startsWith("- ")) {
      return sequence(ind, depth);
    }
    if (keyEnd(c) >= 0) {
      return mapping(ind, depth);
    }
    Object scalar = Scalars.value(this, c, ind - 1, depth);
    count();
    return scalar;
  }

  private List<Object> sequence(int ind, int depth) throws YamlException {
    List<Object> out = new ArrayList<>();
    count(out);
    while (true) {
      String c = contentAt(ind);
      if (c == null || (!c.equals("-") && !c.startsWith("- "))) {
        break;
      }
      String rest = c.substring(1);
      int pad = rest.length() - rest.stripLeading().length();
      if (rest.isBlank() || rest.strip().startsWith("#")) {
        i++;
        out.add(block(ind + 1, depth + 1));
      } else {
        // the item continues on this line, as if it started a block one column further in
        lines[i] = " ".repeat(ind + 1 + pad) + rest.substring(pad);
        out.add(block(ind + 1, depth + 1));
      }
    }
    size(out, out);
    return out;
  }

  private Map<String, Object> mapping(int ind, int depth) throws YamlException {
    Map<String, Object> out = new LinkedHashMap<>();
    count(out);
    while (true) {
      String c = contentAt(ind);
      if (c == null) {
        break;
      }
      int colon = keyEnd(c);
      if (colon < 0) {
        if (c.equals("-") || c.startsWith("- ") || c.startsWith("---") || c.startsWith("...")) {
          break; // an unindented sequence after its key, or a document marker
        }
        throw error("expected 'key: value'");
      }
      String key = Scalars.key(this, c.substring(0, colon).strip());
      if (out.containsKey(key)) {
        throw error("duplicate key '" + clip(key) + "'");
      }
      String rest = Scalars.stripComment(c.substring(colon + 1)).strip();
      Object value;
      String anchor = null;
      String tag = null;
      while (rest.startsWith("&") || rest.startsWith("!")) { // node properties before a block
        int sp = rest.indexOf(' ');
        String prop = sp < 0 ? rest : rest.substring(0, sp);
        if (prop.startsWith("&")) {
          anchor = prop.substring(1);
        } else {
          tag = prop;
        }
        rest = sp < 0 ? "" : rest.substring(sp + 1).strip();
      }
      if (rest.isEmpty()) {
        i++;
        skipBlank();
        boolean unindentedSeq = i < lines.length && indent(lines[i]) == ind
            && (lines[i].substring(ind).equals("-") || lines[i].substring(ind).startsWith("- "));
        value = unindentedSeq ? sequence(ind, depth + 1) : block(ind + 1, depth + 1);
      } else {
        value = Scalars.value(this, rest, ind, depth + 1);
        count();
      }
      if (tag != null) {
        value = Scalars.tagged(tag, value);
      }
      if (anchor != null) {
        anchor(anchor, value);
      }
      out.put(key, value);
    }
    size(out, out.values());
    return out;
  }

  /** The next content line without its indentation if it is indented exactly {@code ind}. */
  private @Nullable String contentAt(int ind) {
    skipBlank();
    if (i >= lines.length || indent(lines[i]) != ind) {
      return null;
    }
    return lines[i].substring(ind);
  }

  /** Index of the ':' ending a block mapping key in {@code c}, or -1. */
  static int keyEnd(String c) {
    if (c.startsWith("? ")) {
      return -1;
    }
    int p = 0;
    if (c.startsWith("\"") || c.startsWith("'")) {
      p = Scalars.quotedEnd(c, 0);
      if (p < 0) {
        return -1;
      }
    } else if (c.startsWith("[") || c.startsWith("{") || c.startsWith("#") || c.startsWith("&")
        || c.startsWith("*") || c.startsWith("!") || c.startsWith("|") || c.startsWith(">")) {
      return -1;
    }
    for (int k = p; k < c.length(); k++) {
      char ch = c.charAt(k);
      if (ch == '#' && k > 0 && c.charAt(k - 1) == ' ') {
        return -1;
      }
      if (ch == ':' && (k + 1 == c.length() || c.charAt(k + 1) == ' ')) {
        return k;
      }
    }
    return -1;
  }

  // --- shared with Scalars and Flow ---

  String line() {
    return lines[i];
  }

  boolean hasLine() {
    return i < lines.length;
  }

  String nextLine() {
    return lines[i++];
  }

  void back() {
    i--;
  }

  static int indent(String l) {
    int n = 0;
    while (n < l.length() && l.charAt(n) == ' ') {
      n++;
    }
    return n;
  }

  void skipBlank() {
    while (i < lines.length && (lines[i].isBlank() || lines[i].stripLeading().startsWith("#"))) {
      i++;
    }
  }

  @Nullable Object alias(String name) throws YamlException {
    if (!anchors.containsKey(name)) {
      throw error("alias *" + clip(name) + " names no anchor defined before it");
    }
    return anchors.get(name);
  }

  void anchor(String name, @Nullable Object value) {
    anchors.put(name, value);
  }

  <T> T count(T node) throws YamlException {
    count();
    return node;
  }

  /** Counts one node toward {@link Limits#maxNodes()} (for a scalar, which may be null). */
  void count() throws YamlException {
    if (++nodes > limits.maxNodes()) {
      throw limit("more than " + limits.maxNodes() + " nodes");
    }
  }

  /**
   * Records what {@code node} would weigh with its aliases expanded; children that are shared
   * (aliases) count with their full size each time, which is what a consumer that copies the
   * tree, as PyYAML and OmegaConf do, would build.
   */
  void size(Object node, Iterable<?> children) throws YamlException {
    long total = 1;
    for (Object c : children) {
      Long s = c == null ? null : sizes.get(c);
      total += s == null ? 1 : s;
      if (total > limits.maxExpanded()) {
        throw limit("aliases expand to more than " + limits.maxExpanded() + " nodes");
      }
    }
    sizes.put(node, total);
  }

  YamlException error(String message) {
    return new YamlException(message, Math.min(i, lines.length - 1) + 1, false);
  }

  YamlException limit(String message) {
    return new YamlException(message, Math.min(i, lines.length - 1) + 1, true);
  }

  static String clip(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
