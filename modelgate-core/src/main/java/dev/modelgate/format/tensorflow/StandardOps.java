package dev.modelgate.format.tensorflow;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Names of the ops registered in a stock TensorFlow build (resource {@code standard-ops.txt},
 * generated from the installed TensorFlow by {@code scripts/fixtures/protobuf.py ops}). An op not
 * in this set needs a kernel library loaded by the user: native code the file asks for.
 */
final class StandardOps {
  private static final Set<String> NAMES = load();

  private StandardOps() {}

  static boolean contains(String op) {
    return NAMES.contains(op);
  }

  private static Set<String> load() {
    try (InputStream in = StandardOps.class.getResourceAsStream("standard-ops.txt")) {
      if (in == null) {
        throw new IllegalStateException("standard-ops.txt missing from the build");
      }
      Set<String> names = new HashSet<>();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String s = line.strip();
        if (!s.isEmpty() && !s.startsWith("#")) {
          names.add(s);
        }
      }
      return Set.copyOf(names);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
