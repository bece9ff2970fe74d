package dev.modelgate.cli.args;

import java.util.List;

/** "Did you mean" for a mistyped command or option: the closest spelling by edit distance. */
final class Suggest {
  private Suggest() {}

  /** {@code "; did you mean 'x'?"}, or empty when nothing is close. */
  static String among(String typed, List<String> known) {
    String best = null;
    int bestD = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(typed, k);
      if (d < bestD) {
        best = k;
        bestD = d;
      }
    }
    return best != null && bestD <= Math.max(2, typed.length() / 3)
        ? "; did you mean '" + best + "'?" : "";
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
