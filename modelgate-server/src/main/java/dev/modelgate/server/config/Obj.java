package dev.modelgate.server.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON object of the config file read with types checked: every error names the file and the
 * dotted key ({@code policy.repos[2].allow}), and keys nobody reads are refused rather than
 * silently ignored (a misspelt {@code remote_code} must not leave remote code allowed).
 */
final class Obj {
  private final String file;
  private final String where;
  private final Map<?, ?> map;

  Obj(String file, String where, Map<?, ?> map) {
    this.file = file;
    this.where = where;
    this.map = map;
  }

  static Obj root(String file, Object doc) throws ConfigException {
    if (!(doc instanceof Map<?, ?> m)) {
      throw new ConfigException(file + ": the configuration is a JSON object");
    }
    return new Obj(file, "", m);
  }

  ConfigException error(String key, String message) {
    return new ConfigException(file + ": " + name(key) + ": " + message);
  }

  /** An error about this object as a whole. */
  ConfigException fail(String message) {
    return new ConfigException(file + ": " + (where.isEmpty() ? "" : where + ": ") + message);
  }

  private String name(String key) {
    return where.isEmpty() ? key : where + "." + key;
  }

  void allowOnly(Set<String> keys) throws ConfigException {
    for (Object k : map.keySet()) {
      if (!keys.contains(k)) {
        throw new ConfigException(file + ": unknown key " + name(String.valueOf(k))
            + " (known: " + String.join(", ", keys.stream().sorted().toList()) + ")");
      }
    }
  }

  boolean has(String key) {
    return map.containsKey(key);
  }

  Object raw(String key) {
    return map.get(key);
  }

  String string(String key, String dflt) throws ConfigException {
    Object v = map.get(key);
    if (v == null) {
      return dflt;
    }
    if (!(v instanceof String s)) {
      throw error(key, "must be a string");
    }
    return s;
  }

  boolean bool(String key, boolean dflt) throws ConfigException {
    Object v = map.get(key);
    if (v == null) {
      return dflt;
    }
    if (!(v instanceof Boolean b)) {
      throw error(key, "must be true or false");
    }
    return b;
  }

  long number(String key, long dflt, long min, long max) throws ConfigException {
    Object v = map.get(key);
    if (v == null) {
      return dflt;
    }
    long n;
    if (v instanceof Long l) {
      n = l;
    } else if (v instanceof BigInteger) {
      throw error(key, "is out of range (" + min + " to " + max + ")");
    } else {
      throw error(key, "must be a whole number");
    }
    if (n < min || n > max) {
      throw error(key, "is out of range (" + min + " to " + max + ")");
    }
    return n;
  }

  List<String> strings(String key) throws ConfigException {
    Object v = map.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> l)) {
      throw error(key, "must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (Object o : l) {
      if (!(o instanceof String s)) {
        throw error(key, "must be an array of strings");
      }
      out.add(s);
    }
    return out;
  }

  Obj object(String key) throws ConfigException {
    Object v = map.get(key);
    if (v == null) {
      return new Obj(file, name(key), Map.of());
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw error(key, "must be an object");
    }
    return new Obj(file, name(key), m);
  }

  List<Obj> objects(String key) throws ConfigException {
    Object v = map.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> l)) {
      throw error(key, "must be an array of objects");
    }
    List<Obj> out = new ArrayList<>();
    for (int i = 0; i < l.size(); i++) {
      if (!(l.get(i) instanceof Map<?, ?> m)) {
        throw error(key + "[" + i + "]", "must be an object");
      }
      out.add(new Obj(file, name(key) + "[" + i + "]", m));
    }
    return out;
  }
}
