package dev.modelgate.format.xgboost;

import dev.modelgate.io.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Typed access to a model document's fields. XGBoost writes counts as strings
 * ({@code "num_nodes": "7"}) and node data as numeric arrays; anything else where a loader
 * expects them is invalid, naming the field.
 */
final class Fields {
  private final String location;

  Fields(String location) {
    this.location = location;
  }

  InvalidInputException bad(String what) {
    return new InvalidInputException("xgboost.structure", what, location);
  }

  /** A tree whose links or splits a predictor would follow out of range or in circles. */
  InvalidInputException tree(String what) {
    return new InvalidInputException("xgboost.tree", what, location);
  }

  Map<String, Object> object(Map<String, Object> m, String key, String path)
      throws InvalidInputException {
    Object v = m.get(key);
    if (v instanceof Map<?, ?> o) {
      @SuppressWarnings("unchecked")
      Map<String, Object> r = (Map<String, Object>) o;
      return r;
    }
    throw bad(path + key + (v == null ? " is missing" : " is not an object"));
  }

  /** A count stored as a decimal string (or, leniently, a number): non-negative, in int range. */
  long count(Map<String, Object> m, String key, String path, long max)
      throws InvalidInputException {
    Object v = m.get(key);
    long n;
    if (v instanceof String s) {
      try {
        n = Long.parseLong(s.strip());
      } catch (NumberFormatException e) {
        throw bad(path + key + " is \"" + Doc.clip(s) + "\", not an integer");
      }
    } else if (v instanceof Double d && d == Math.rint(d)) {
      n = d.longValue();
    } else {
      throw bad(path + key + (v == null ? " is missing" : " is not an integer"));
    }
    if (n < 0 || n > max) {
      throw new InvalidInputException("xgboost.value", path + key + " = " + n
          + " is outside 0.." + max, location);
    }
    return n;
  }

  /** A numeric array (booleans count as 0/1, as old models wrote default_left). */
  Nums numbers(Map<String, Object> m, String key, String path) throws InvalidInputException {
    Object v = m.get(key);
    if (v instanceof Nums n) {
      return n;
    }
    if (v instanceof List<?> l) {
      Nums n = new Nums(l.size());
      for (Object o : l) {
        if (o instanceof Double d) {
          n.add(d);
        } else if (o instanceof Boolean b) {
          n.add(b ? 1 : 0);
        } else {
          throw bad(path + key + " holds a non-number");
        }
      }
      return n;
    }
    throw bad(path + key + (v == null ? " is missing" : " is not an array of numbers"));
  }

  /** {@link #numbers}, or null when the key is absent (a key holding null is not absent). */
  @Nullable Nums numbersIfPresent(Map<String, Object> m, String key, String path)
      throws InvalidInputException {
    return m.containsKey(key) ? numbers(m, key, path) : null;
  }

  void length(@Nullable Nums a, long n, String what) throws InvalidInputException {
    if (a != null && a.size() != n) {
      throw bad(what + " has " + a.size() + " entries, expected " + n);
    }
  }
}
