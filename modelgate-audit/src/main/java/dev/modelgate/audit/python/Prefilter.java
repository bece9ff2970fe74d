package dev.modelgate.audit.python;

import java.nio.charset.StandardCharsets;

/**
 * A byte scan for the names every rule needs (see {@link PythonAuditor#mayMatch}). The one case
 * it gives up: a sink whose name is spelled only through string concatenation
 * ({@code getattr(pickle, "lo" + "ads")}) in a file or function that names no other sink.
 */
final class Prefilter {
  private Prefilter() {}

  private static final String[] TOKENS = {"load", "pickle", "Unpickler", "eval", "exec",
      "compile", "system", "popen", "subprocess", "spawn", "trust_remote_code", "from_pretrained",
      "pipeline", "SentenceTransformer", "Template", "from_string", "tcp://", "Listener",
      "import ray", "ray as", "ray.init", "serve.start", "init_rpc", "TORCH_FORCE", "recv",
      "getattr", "__import__", "import_module", "modelgate:", "jsonpickle", "marshal", "shelve"
      };
  private static final byte[][][] BY_FIRST = new byte[256][][];

  static {
    for (String t : TOKENS) {
      byte[] b = t.getBytes(StandardCharsets.US_ASCII);
      int f = b[0] & 0xff;
      byte[][] old = BY_FIRST[f] == null ? new byte[0][] : BY_FIRST[f];
      byte[][] grown = java.util.Arrays.copyOf(old, old.length + 1);
      grown[old.length] = b;
      BY_FIRST[f] = grown;
    }
  }

  static boolean mayMatch(byte[] s) {
    return mayMatch(s, 0, s.length);
  }

  /** Whether {@code s[from, to)} holds one of the names. */
  static boolean mayMatch(byte[] s, int from, int to) {
    int end = Math.min(to, s.length);
    for (int i = Math.max(0, from); i < end; i++) {
      byte[][] cands = BY_FIRST[s[i] & 0xff];
      if (cands == null) {
        continue;
      }
      for (byte[] t : cands) {
        if (i + t.length <= end && regionMatches(s, i, t)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean regionMatches(byte[] s, int at, byte[] t) {
    for (int k = 1; k < t.length; k++) {
      if (s[at + k] != t[k]) {
        return false;
      }
    }
    return true;
  }
}
