package dev.modelgate.format.xgboost;

import dev.modelgate.io.InvalidInputException;
import java.util.Map;

/**
 * One tree of a JSON/UBJSON model, checked as XGBoost's {@code RegTree::LoadModel} needs it:
 * every node array as long as {@code num_nodes}, child and parent links inside the tree and
 * forming a tree (each node reached once from the root, so prediction cannot loop), and
 * categorical split segments inside the category list. Returns the largest feature index split
 * on, checked against the learner's {@code num_feature} once that is read.
 */
final class TreeCheck {
  /** XGBoost node ids are int32; kInvalidNodeId is -1, written for the root's parent as 2^31-1. */
  static final long MAX_NODES = Integer.MAX_VALUE;

  private TreeCheck() {}

  static int check(int index, Map<String, Object> tree, String location)
      throws InvalidInputException {
    Fields f = new Fields(location);
    String p = "trees[" + index + "].";
    Map<String, Object> param = f.object(tree, "tree_param", p);
    long nodes = f.count(param, "num_nodes", p + "tree_param.", MAX_NODES);
    long leafVector = f.count(param, "size_leaf_vector", p + "tree_param.", 1 << 20);
    f.count(param, "num_feature", p + "tree_param.", Integer.MAX_VALUE);
    if (nodes == 0) {
      throw f.bad(p + "tree_param.num_nodes is 0; a tree has at least its root");
    }
    Nums left = nodeArray(f, tree, "left_children", p, nodes);
    Nums right = nodeArray(f, tree, "right_children", p, nodes);
    Nums parents = nodeArray(f, tree, "parents", p, nodes);
    Nums split = nodeArray(f, tree, "split_indices", p, nodes);
    nodeArray(f, tree, "split_conditions", p, nodes);
    nodeArray(f, tree, "default_left", p, nodes);
    for (String key : new String[] {"loss_changes", "sum_hessian"}) {
      f.length(leafVector <= 1 ? f.numbers(tree, key, p) : f.numbersIfPresent(tree, key, p),
          nodes, p + key);
    }
    Nums weights = f.numbers(tree, "base_weights", p);
    if (leafVector <= 1) {
      f.length(weights, nodes, p + "base_weights");
    } else if (weights.size() % leafVector != 0) {
      throw f.bad(p + "base_weights has " + weights.size() + " entries, not a multiple of"
          + " size_leaf_vector " + leafVector);
    }
    Nums types = f.numbersIfPresent(tree, "split_type", p);
    f.length(types, nodes, p + "split_type");
    links(f, p, (int) nodes, left, right, parents);
    categories(f, tree, p, (int) nodes);
    int maxFeature = -1;
    for (int i = 0; i < nodes; i++) {
      if (left.get(i) != -1) {
        double s = split.get(i);
        if (!split.isInt(i) || s < 0) {
          throw f.bad(p + "split_indices[" + i + "] = " + s + " is not a feature index");
        }
        maxFeature = Math.max(maxFeature, (int) s);
      }
    }
    return maxFeature;
  }

  /** A node array, required and {@code nodes} long (checked in the order XGBoost reads them). */
  private static Nums nodeArray(Fields f, Map<String, Object> tree, String key, String p,
      long nodes) throws InvalidInputException {
    Nums a = f.numbers(tree, key, p);
    f.length(a, nodes, p + key);
    return a;
  }

  /** Children in range, both or neither present, parents agreeing, every node reached once. */
  static void links(Fields f, String p, int n, Nums left, Nums right, Nums parents)
      throws InvalidInputException {
    boolean[] seen = new boolean[n];
    int[] stack = new int[n];
    int top = 0;
    stack[top++] = 0;
    seen[0] = true;
    while (top > 0) {
      int node = stack[--top];
      double l = left.get(node);
      double r = right.get(node);
      if ((l == -1) != (r == -1)) {
        throw f.bad(p + "node " + node + " has only one child");
      }
      if (l == -1) {
        continue;
      }
      for (double c : new double[] {l, r}) {
        if (c != Math.rint(c) || c < 1 || c >= n) {
          throw f.tree(p + "node " + node + " has child "
              + c + " outside the tree's " + n + " nodes");
        }
        int child = (int) c;
        if (seen[child]) {
          throw f.tree(p + "node " + child + " is reached"
              + " twice: the tree has a cycle or shared subtree, and prediction may never end");
        }
        if (parents.get(child) != node) {
          throw f.tree(p + "node " + child + " names parent "
              + parents.get(child) + " but is a child of node " + node);
        }
        seen[child] = true;
        stack[top++] = child;
      }
    }
  }

  private static void categories(Fields f, Map<String, Object> tree, String p, int n) throws InvalidInputException {
    Nums cats = f.numbersIfPresent(tree, "categories", p);
    Nums nodes = f.numbersIfPresent(tree, "categories_nodes", p);
    Nums segments = f.numbersIfPresent(tree, "categories_segments", p);
    Nums sizes = f.numbersIfPresent(tree, "categories_sizes", p);
    if (nodes == null && segments == null && sizes == null) {
      return;
    }
    if (nodes == null || segments == null || sizes == null || cats == null) {
      throw f.bad(p + "categorical split arrays are incomplete");
    }
    f.length(segments, nodes.size(), p + "categories_segments");
    f.length(sizes, nodes.size(), p + "categories_sizes");
    for (int i = 0; i < nodes.size(); i++) {
      double node = nodes.get(i);
      double seg = segments.get(i);
      double size = sizes.get(i);
      if (!nodes.isInt(i) || node < 0 || node >= n || seg < 0 || size < 0
          || seg + size > cats.size()) {
        throw f.tree(p + "categorical split " + i
            + " (node " + node + ", categories " + seg + "+" + size + ") lies outside the tree"
            + " or its " + cats.size() + " categories");
      }
    }
  }
}
