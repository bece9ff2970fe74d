package dev.modelgate.format.skops;

import dev.modelgate.json.Json;
import dev.modelgate.json.JsonException;
import dev.modelgate.policy.Judgement;
import dev.modelgate.spi.ScanContext;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The node tree of a skops {@code schema.json}, walked as {@code skops.io._audit.get_tree}
 * walks it: each node's {@code __loader__} picks a node class, which reads the children that
 * class reads (and no others: a key skops never visits is never built). Every type a node
 * names is judged the way {@code skops.io.load} audits it, then harder:
 *
 * <ul>
 *   <li>{@code skops.dangerous-type}: a type or function in modelgate's catalogue of callables
 *       that run code or reach files, processes or the network (malicious). skops refuses
 *       untrusted types only until a user passes them in {@code trusted=}, which its docs
 *       suggest doing with the output of {@code get_untrusted_types}.
 *   <li>{@code skops.untrusted-type}: outside the node kind's default trusted list (see
 *       {@link TrustedTypes}) and the user's allowlist: {@code load} refuses it by default
 *       (suspicious).
 *   <li>{@code skops.structure}, {@code skops.unknown-loader}, {@code skops.cached-reference}:
 *       a tree skops cannot build (missing keys, unknown node class, a reference to an object
 *       not seen yet) is invalid.
 * </ul>
 */
final class SkopsTree {
  /** skops recurses through Python frames (limit 1000); real trees nest a few dozen deep. */
  static final int MAX_DEPTH = 200;
  static final Set<String> BIT_GENERATORS = Set.of("MT19937", "PCG64", "PCG64DXSM", "Philox",
      "SFC64");

  private final ScanContext ctx;
  private final Set<Object> ids = new HashSet<>();
  private final Set<String> files = new LinkedHashSet<>();
  private final Set<String> reported = new HashSet<>();
  private int protocol = 2;

  SkopsTree(ScanContext ctx) {
    this.ctx = ctx;
  }

  /** Walks the root node; returns the member files the tree reads. */
  Set<String> walkRoot(Map<?, ?> root) {
    Object p = root.get("protocol");
    if (!(p instanceof Long n) || n < 0) {
      invalid("skops.structure", "protocol is not a non-negative integer", "protocol");
      return files;
    }
    protocol = (int) Math.min(n, Integer.MAX_VALUE);
    node(root, "root", 0);
    return files;
  }

  private void node(@Nullable Object value, String path, int depth) {
    if (depth > MAX_DEPTH) {
      invalid("skops.limit", "nodes nested deeper than " + MAX_DEPTH, path);
      return;
    }
    if (!(value instanceof Map<?, ?> n)) {
      invalid("skops.structure", "a node is not a JSON object", path);
      return;
    }
    Object id = n.get("__id__");
    // get_tree hands back the memoized node for an id it has seen, before reading anything else
    if (id != null && ids.contains(id) && !"CachedNode".equals(n.get("__loader__"))) {
      return;
    }
    String loader = str(n, "__loader__", path);
    if (loader == null || !n.containsKey("__module__") || !n.containsKey("__class__")) {
      if (loader != null) {
        invalid("skops.structure", "node lacks __module__ or __class__", path);
      }
      return;
    }
    String module = String.valueOf(n.get("__module__"));
    String cls = String.valueOf(n.get("__class__"));
    if (id != null && !"CachedNode".equals(loader)) {
      ids.add(id);
    }
    String type = module + "." + cls;
    int d = depth + 1;
    switch (loader) {
      case "DictNode" -> {
        judge("dict", type, path);
        node(n.get("key_types"), path + ".key_types", d);
        children(map(n.get("content"), path), path, d);
      }
      case "DefaultDictNode" -> {
        judge("defaultdict", type, path);
        Map<?, ?> c = map(n.get("content"), path);
        if (c != null) {
          node(c.get("main"), path + ".main", d);
          node(c.get("default_factory"), path + ".default_factory", d);
        }
      }
      case "ListNode", "SetNode", "TupleNode" -> {
        judge(loader.substring(0, loader.length() - 4).toLowerCase(java.util.Locale.ROOT),
            type, path);
        items(n.get("content"), path, d);
      }
      case "BytesNode", "BytearrayNode" -> {
        judge(loader.startsWith("Bytes") ? "bytes" : "bytearray", type, path);
        file(n, path);
      }
      case "SliceNode" -> map(n.get("content"), path); // never audited nor imported by skops
      case "FunctionNode" -> function(n, type, path);
      case "MethodNode" -> method(n, module, cls, path, d);
      case "PartialNode" -> {
        // skops always builds functools.partial itself; the function and arguments matter
        untrusted("functools.partial", path);
        Map<?, ?> c = map(n.get("content"), path);
        if (c != null) {
          for (String k : new String[] {"func", "args", "kwds", "namespace"}) {
            node(c.get(k), path + "." + k, d);
          }
        }
      }
      case "TypeNode" -> judge("type", type, path);
      case "ObjectNode" -> {
        judge("object", type, path);
        if (n.get("content") != null) {
          node(n.get("content"), path + ".content", d);
        }
      }
      case "ConstructorFromReduceNode" -> {
        judge("", type, path); // calls the type with the stored arguments
        node(n.get("content"), path + ".content", d);
      }
      case "JsonNode" -> json(n, path);
      case "OperatorFuncNode" -> {
        if (!"operator".equals(module)) {
          invalid("skops.structure", "OperatorFuncNode names module " + module
              + ", not operator; skops refuses it", path);
          return;
        }
        judge("", type, path); // getattr(operator, name)(*attrs): attrgetter, methodcaller ...
        node(n.get("attrs"), path + ".attrs", d);
      }
      case "NdArrayNode" -> {
        judge("ndarray", type, path);
        Object t = n.get("type");
        if ("numpy".equals(t)) {
          file(n, path);
        } else if ("json".equals(t)) {
          items(n.get("content"), path, d);
          node(n.get("shape"), path + ".shape", d);
        } else {
          invalid("skops.structure", "NdArrayNode of unknown type " + t, path);
        }
      }
      case "MaskedArrayNode" -> {
        judge("maskedarray", type, path);
        Map<?, ?> c = map(n.get("content"), path);
        if (c != null) {
          node(c.get("data"), path + ".data", d);
          node(c.get("mask"), path + ".mask", d);
        }
      }
      case "DTypeNode" -> {
        untrusted(type, path);
        node(n.get("content"), path + ".content", d);
      }
      case "RandomStateNode" -> {
        judge("randomstate", type, path); // instantiated with no arguments
        node(n.get("content"), path + ".content", d);
      }
      case "RandomGeneratorNode" -> generator(n, type, path, d);
      case "SparseMatrixNode" -> {
        judge("sparse", type, path);
        if (!"scipy".equals(n.get("type"))) {
          invalid("skops.structure", "SparseMatrixNode of type " + n.get("type")
              + ", not scipy", path);
          return;
        }
        file(n, path);
      }
      case "TreeNode", "LossNode", "QuantileForestNode" -> {
        judge(switch (loader) {
          case "TreeNode" -> "tree";
          case "LossNode" -> "loss"; // LossNode calls the named type with the stored args
          default -> "";
        }, type, path);
        node(n.get("content"), path + ".content", d);
        Map<?, ?> reduce = map(n.get("__reduce__"), path);
        if (reduce != null) {
          node(reduce.get("args"), path + ".__reduce__.args", d);
        }
      }
      case "_DictWithDeprecatedKeysNode" -> {
        judge("deprecatedkeys", type, path);
        Map<?, ?> c = map(n.get("content"), path);
        if (c != null) {
          node(c.get("main"), path + ".main", d);
          node(c.get("_deprecated_key_to_new_key"), path + "._deprecated_key_to_new_key", d);
        }
      }
      case "CachedNode" -> {
        if (id == null || !ids.contains(id)) {
          invalid("skops.cached-reference", "CachedNode refers to object " + id
              + ", which no earlier node defines; skops fails on it", path);
        }
      }
      default -> invalid("skops.unknown-loader", "node loader " + clip(loader)
          + " is not one skops has; it refuses the file", path);
    }
  }

  private void function(Map<?, ?> n, String type, String path) {
    if (protocol == 0) {
      // protocol 0 imports content.module_path + content.function, not __module__/__class__
      Map<?, ?> c = map(n.get("content"), path);
      if (c == null) {
        return;
      }
      Object m = c.get("module_path");
      Object f = c.get("function");
      if (!(m instanceof String ms) || !(f instanceof String fs)) {
        invalid("skops.structure", "protocol 0 FunctionNode without module_path and function",
            path);
        return;
      }
      judge("function0", ms + "." + fs, path);
      return;
    }
    judge("function", type, path);
  }

  private void method(Map<?, ?> n, String module, String cls, String path, int d) {
    Map<?, ?> c = map(n.get("content"), path);
    if (c == null) {
      return;
    }
    Object obj = c.get("obj");
    Object func = c.get("func");
    if (!(obj instanceof Map<?, ?> o) || !(func instanceof String f)) {
      invalid("skops.structure", "MethodNode without obj and func", path);
      return;
    }
    if (!module.equals(o.get("__module__")) || !cls.equals(o.get("__class__"))) {
      invalid("skops.structure", "MethodNode type " + module + "." + cls + " differs from its"
          + " object's; skops refuses such a file", path);
      return;
    }
    node(obj, path + ".obj", d);
    judge("", module + "." + cls + "." + f, path); // getattr(obj, func): never trusted
  }

  private void generator(Map<?, ?> n, String type, String path, int d) {
    judge("generator", type, path);
    Map<?, ?> c = map(n.get("content"), path);
    if (c == null) {
      return;
    }
    node(c.get("bit_generator"), path + ".bit_generator", d);
    node(c.get("seed_seq"), path + ".seed_seq", d);
    // the bit generator class is getattr(numpy.random, state["bit_generator"])
    if (c.get("bit_generator") instanceof Map<?, ?> bg && bg.get("content") instanceof Map<?, ?> m
        && m.get("bit_generator") instanceof Map<?, ?> j && j.get("content") instanceof String s) {
      String name = s.replace("\"", "");
      if (!BIT_GENERATORS.contains(name)) {
        judge("", "numpy.random." + name, path + ".bit_generator");
      }
    }
  }

  private void json(Map<?, ?> n, String path) {
    Object c = n.get("content");
    if (!(c instanceof String s)) {
      invalid("skops.structure", "JsonNode content is not a JSON string", path);
      return;
    }
    try {
      Json.parse(s);
    } catch (JsonException e) {
      invalid("skops.structure", "JsonNode content is not JSON: " + e.getMessage(), path);
    }
  }

  /**
   * Judges one type a node names: catalogue first (malicious, whatever skops trusts), then the
   * node kind's default list ({@code kind} empty: that node class trusts nothing), then the
   * user's allowlist.
   */
  private void judge(String kind, String type, String path) {
    int dot = type.lastIndexOf('.');
    String module = dot < 0 ? "" : type.substring(0, dot);
    String name = dot < 0 ? type : type.substring(dot + 1);
    Judgement j = ctx.policy().judge(module, name);
    if (j.dangerous()) {
      ctx.malicious("skops.dangerous-type", "schema names " + type + " (" + j.category()
          + "); skops imports it, and builds or calls it once a user trusts it", path, type);
    } else if (!kind.isEmpty() && TrustedTypes.trusts(kind, type)) {
      return;
    } else if (!ctx.policy().userAllows(module, name)) {
      untrusted(type, path);
    }
  }

  private void untrusted(String type, String path) {
    if (reported.add(type)) {
      ctx.suspicious("skops.untrusted-type", "schema names " + type + ", which skops.io.load"
          + " does not trust by default (allow it with --allow " + type + ")", path, type);
    }
  }

  private void children(@Nullable Map<?, ?> content, String path, int d) {
    if (content != null) {
      for (Map.Entry<?, ?> e : content.entrySet()) {
        node(e.getValue(), path + "." + clip(String.valueOf(e.getKey())), d);
      }
    }
  }

  private void items(@Nullable Object content, String path, int d) {
    if (!(content instanceof List<?> l)) {
      invalid("skops.structure", "node content is not a list", path);
      return;
    }
    for (int i = 0; i < l.size(); i++) {
      node(l.get(i), path + "[" + i + "]", d);
    }
  }

  private void file(Map<?, ?> n, String path) {
    if (n.get("file") instanceof String f) {
      files.add(f);
    } else {
      invalid("skops.structure", "node names no member file", path);
    }
  }

  private @Nullable Map<?, ?> map(@Nullable Object o, String path) {
    if (o instanceof Map<?, ?> m) {
      return m;
    }
    invalid("skops.structure", "node content is missing or not an object", path);
    return null;
  }

  private @Nullable String str(Map<?, ?> n, String key, String path) {
    if (n.get(key) instanceof String s) {
      return s;
    }
    invalid("skops.structure", "node has no string " + key, path);
    return null;
  }

  private void invalid(String rule, String message, String path) {
    ctx.invalid(rule, message, "schema.json:" + path);
  }

  private static String clip(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
