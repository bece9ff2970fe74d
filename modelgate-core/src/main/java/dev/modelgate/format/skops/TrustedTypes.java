package dev.modelgate.format.skops;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The types {@code skops.io.load} trusts without a {@code trusted=} argument, per node kind
 * (an ObjectNode trusts scikit-learn estimators, a FunctionNode numpy and scipy ufuncs, a
 * TypeNode primitive, container and numpy scalar types ...). The lists are computed from the
 * libraries by {@code scripts/skops-trusted-types.py} into a resource, because skops builds them
 * at import time from what scikit-learn, numpy and scipy export.
 */
final class TrustedTypes {
  private static final Map<String, Set<String>> LISTS = load();

  private TrustedTypes() {}

  /** True when a node of {@code kind} trusts {@code type} ({@code module.Class}) by default. */
  static boolean trusts(String kind, String type) {
    Set<String> s = LISTS.get(kind);
    return s != null && s.contains(type);
  }

  private static Map<String, Set<String>> load() {
    Map<String, Set<String>> out = new HashMap<>();
    try (InputStream in = TrustedTypes.class.getResourceAsStream("trusted-types.txt")) {
      if (in == null) {
        throw new IllegalStateException("trusted-types.txt is missing from the classpath");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int sp = line.indexOf(' ');
        out.computeIfAbsent(line.substring(0, sp), k -> new HashSet<>())
            .add(line.substring(sp + 1).strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
