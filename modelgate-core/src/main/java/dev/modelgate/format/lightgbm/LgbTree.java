package dev.modelgate.format.lightgbm;

import dev.modelgate.io.InvalidInputException;
import java.util.Map;

/**
 * One {@code Tree=N} block, checked as LightGBM's {@code Tree(const char*)} constructor and its
 * predictor need it: arrays of {@code num_leaves - 1} internal nodes and {@code num_leaves}
 * leaves, child links that reach every node exactly once (a predictor follows them without a
 * bound), split features inside the model's features, and categorical thresholds inside the
 * category bitsets.
 */
final class LgbTree {
  /** LightGBM's num_leaves is an int; trees past a few hundred thousand leaves do not occur. */
  static final long MAX_LEAVES = 1 << 24;

  private LgbTree() {}

  static void check(Map<String, String> kv, String name, long maxFeature, String location)
      throws InvalidInputException {
    Values v = new Values(kv, name, location);
    long leaves = v.integer("num_leaves", 1, MAX_LEAVES);
    long cats = kv.containsKey("num_cat") ? v.integer("num_cat", 0, MAX_LEAVES) : 0;
    int inner = (int) leaves - 1;
    double[] leafValue = v.doubles("leaf_value", (int) leaves);
    v.doublesIfPresent("leaf_weight", (int) leaves);
    v.doublesIfPresent("leaf_count", (int) leaves);
    if (inner == 0) {
      return;
    }
    long[] feature = v.longs("split_feature", inner);
    double[] threshold = v.doubles("threshold", inner);
    long[] decision = v.longs("decision_type", inner);
    long[] left = v.longs("left_child", inner);
    long[] right = v.longs("right_child", inner);
    for (String key : new String[] {"split_gain", "internal_value", "internal_weight",
        "internal_count"}) {
      v.doublesIfPresent(key, inner);
    }
    for (int i = 0; i < inner; i++) {
      if (feature[i] < 0 || feature[i] > maxFeature) {
        throw v.tree("node " + i + " splits on feature " + feature[i] + " outside 0.."
            + maxFeature);
      }
      if ((decision[i] & 1) != 0) {
        double t = threshold[i];
        if (t != Math.rint(t) || t < 0 || t >= cats) {
          throw v.tree("categorical node " + i + " uses category set " + t + " of " + cats);
        }
      }
    }
    links(v, inner, (int) leaves, left, right);
    if (cats > 0) {
      long[] bounds = v.longs("cat_boundaries", (int) cats + 1);
      long[] words = v.longs("cat_threshold", -1);
      long prev = 0;
      for (int i = 0; i < bounds.length; i++) {
        if (bounds[i] < prev || (i == 0 && bounds[i] != 0)) {
          throw v.tree("cat_boundaries do not rise from 0");
        }
        prev = bounds[i];
      }
      if (prev != words.length) {
        throw v.tree("cat_boundaries end at " + prev + " but cat_threshold has "
            + words.length + " words");
      }
    }
    if ("1".equals(kv.get("is_linear"))) {
      v.doubles("leaf_const", leafValue.length);
      v.longs("num_features", leafValue.length);
    }
  }

  /** Internal children are {@code >= 0}, leaves {@code ~leaf}; each reached once from node 0. */
  private static void links(Values v, int inner, int leaves, long[] left, long[] right)
      throws InvalidInputException {
    boolean[] seenNode = new boolean[inner];
    boolean[] seenLeaf = new boolean[leaves];
    int[] stack = new int[inner];
    int top = 0;
    stack[top++] = 0;
    seenNode[0] = true;
    while (top > 0) {
      int node = stack[--top];
      for (long c : new long[] {left[node], right[node]}) {
        if (c >= 0) {
          if (c >= inner || seenNode[(int) c]) {
            throw v.tree("node " + node + " links to node " + c + (c >= inner
                ? " outside the " + inner + " internal nodes" : ", which is reached twice"));
          }
          seenNode[(int) c] = true;
          stack[top++] = (int) c;
        } else {
          long leaf = ~c;
          if (leaf >= leaves || seenLeaf[(int) leaf]) {
            throw v.tree("node " + node + " links to leaf " + leaf + (leaf >= leaves
                ? " outside the " + leaves + " leaves" : ", which is reached twice"));
          }
          seenLeaf[(int) leaf] = true;
        }
      }
    }
    for (int i = 0; i < inner; i++) {
      if (!seenNode[i]) {
        throw v.tree("node " + i + " is not reachable from the root");
      }
    }
  }
}
