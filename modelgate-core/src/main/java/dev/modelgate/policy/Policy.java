package dev.modelgate.policy;

import dev.modelgate.json.Json;
import dev.modelgate.json.JsonException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a model may reference. The built-in allowlist and catalogue of dangerous callables live in
 * this package; users extend the allowlist with {@code --allow module.name}, {@code --allow
 * 'sklearn.*'} or a policy file ({@code {"allow": ["sklearn.*", "numpy.core.multiarray.scalar"]}}).
 *
 * <p>{@link #judge} decides each imported name in this order: a name in the catalogue of
 * dangerous callables ({@code os.*}, {@code builtins.exec}, {@code functools.partial} ...) is
 * always dangerous, <em>even when the user allowlisted it</em>: an allow pattern broad enough to
 * cover {@code os.system} is a mistake we refuse to make silent, and the finding says the user's
 * allowlist was overridden. Otherwise the built-in allowlist (what torch's {@code weights_only}
 * loader accepts, numpy array pickling, joblib's array wrapper) or the user's allowlist makes it
 * allowed; anything else is unlisted (suspicious). Names are judged after py2 fixing
 * ({@link PyNames}).
 */
public final class Policy {
  private final List<String> userAllow;

  private Policy(List<String> userAllow) {
    this.userAllow = List.copyOf(userAllow);
  }

  public static Policy defaults() {
    return new Policy(List.of());
  }

  /** Reads a policy file: a JSON object with an {@code allow} array of patterns. */
  public static Policy load(Path file) throws IOException {
    byte[] bytes = dev.modelgate.io.RegularFile.readAll(file);
    Object doc;
    try {
      doc = Json.parse(bytes);
    } catch (JsonException e) {
      throw new IOException(file + ": not a valid policy file: " + e.getMessage(), e);
    }
    if (!(doc instanceof Map<?, ?> m)) {
      throw new IOException(file + ": a policy file is a JSON object");
    }
    for (Object k : m.keySet()) {
      if (!"allow".equals(k)) {
        throw new IOException(file + ": unknown policy key \"" + k + "\" (known: allow)");
      }
    }
    List<String> allow = new ArrayList<>();
    Object a = m.get("allow");
    if (a != null) {
      if (!(a instanceof List<?> l)) {
        throw new IOException(file + ": \"allow\" must be an array of strings");
      }
      for (Object o : l) {
        if (!(o instanceof String s)) {
          throw new IOException(file + ": \"allow\" must be an array of strings");
        }
        allow.add(s);
      }
    }
    return defaults().allow(allow);
  }

  /** This policy plus user allowlist patterns ({@code module.name} or {@code prefix.*}). */
  public Policy allow(List<String> patterns) {
    List<String> all = new ArrayList<>(userAllow);
    for (String p : patterns) {
      validatePattern(p);
      all.add(p);
    }
    return new Policy(all);
  }

  public List<String> userAllow() {
    return userAllow;
  }

  /** True when the user allowlisted {@code module.name}. */
  public boolean userAllows(String module, String name) {
    String q = module + "." + name;
    for (String p : userAllow) {
      if (p.endsWith(".*")) {
        String prefix = p.substring(0, p.length() - 2);
        if (module.equals(prefix) || module.startsWith(prefix + ".")) {
          return true;
        }
      } else if (p.equals(q) || p.equals(module + ":" + name)) {
        return true;
      }
    }
    return false;
  }

  /** Judges an imported name ({@code module} and {@code name} as fixed by {@link PyNames}). */
  public Judgement judge(String module, String name) {
    boolean user = userAllows(module, name);
    String category = Catalogue.category(module, name);
    if (category != null) {
      return new Judgement(Judgement.Kind.DANGEROUS, category, user);
    }
    if (user || Allowlist.allows(module, name)) {
      return new Judgement(Judgement.Kind.ALLOWED, "", user);
    }
    return new Judgement(Judgement.Kind.UNLISTED, "", false);
  }

  private static void validatePattern(String p) {
    if (p.isBlank() || p.equals("*") || p.equals(".*") || p.contains(" ")) {
      throw new IllegalArgumentException("allow pattern '" + p
          + "' must name a module.name or a 'module.*' prefix");
    }
  }
}
