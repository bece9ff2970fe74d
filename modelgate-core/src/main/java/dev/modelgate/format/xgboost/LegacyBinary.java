package dev.modelgate.format.xgboost;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.SourceReader;
import java.io.IOException;

/**
 * XGBoost's old binary model ({@code binf}; deprecated in 1.6, no longer read by 3.1 but by
 * every older release): a 136-byte learner parameter block, the objective and booster names,
 * the booster (gbtree or dart: a 160-byte parameter block, then per tree a 148-byte parameter
 * block, 20-byte nodes and 16-byte node statistics, then one int32 per tree; gblinear: a
 * 136-byte block and a weight vector), then optional string attributes. Structs are read in
 * place by XGBoost, so every count is checked against the bytes left first.
 */
final class LegacyBinary {
  static final int LEARNER_PARAM = 136;
  static final int GBTREE_PARAM = 160;
  static final int TREE_PARAM = 148;
  static final int NODE = 20;
  static final int STAT = 16;
  static final int GBLINEAR_PARAM = 136;
  static final long MAX_NAME = 1 << 10;
  static final long DELETED = 0xffffffffL;

  private final SourceReader in;
  private final String file;

  LegacyBinary(ByteSource src, String file) {
    this.in = new SourceReader(src, 0, "xgboost", file);
    this.file = file;
  }

  /** Reads the model; returns the booster name. */
  String read() throws IOException {
    byte[] magic = in.bytes(4);
    if (magic[0] != 'b' || magic[1] != 'i' || magic[2] != 'n' || magic[3] != 'f') {
      throw bad("xgboost.malformed", "does not start with binf", 0);
    }
    long at = in.position();
    in.require(LEARNER_PARAM);
    in.f32(); // base_score
    long features = in.u32();
    int classes = in.i32();
    int extraAttrs = in.i32();
    in.skip(LEARNER_PARAM - 16);
    if (features > Integer.MAX_VALUE || classes < 0 || classes > LearnerCheck.MAX_OUTPUTS) {
      throw bad("xgboost.value", "learner parameters num_feature " + features + ", num_class "
          + classes + " are out of range", at);
    }
    String objective = string("objective");
    String booster = string("booster");
    if (objective.isEmpty()) {
      throw bad("xgboost.structure", "objective name is empty", at);
    }
    switch (booster) {
      case "gbtree" -> gbtree(features, Math.max(1, classes));
      case "dart" -> {
        long n = gbtree(features, Math.max(1, classes));
        if (n != 0) {
          floats("weight_drop", n);
        }
      }
      case "gblinear" -> {
        in.require(GBLINEAR_PARAM);
        in.skip(GBLINEAR_PARAM);
        floats("weights", -1);
      }
      default -> throw bad("xgboost.structure", "booster \"" + Doc.clip(booster)
          + "\" is not gbtree, dart or gblinear", at);
    }
    if (extraAttrs != 0) {
      long pat = in.position();
      long pairs = in.u64();
      if (pairs < 0 || pairs > in.remaining() / 16) {
        throw bad("xgboost.structure", pairs + " attributes cannot fit in the "
            + in.remaining() + " bytes left", pat);
      }
      for (long k = 0; k < pairs; k++) {
        skipString();
        skipString();
      }
    }
    return booster;
  }

  private long gbtree(long features, int groups) throws IOException {
    long at = in.position();
    in.require(GBTREE_PARAM);
    int trees = in.i32();
    int parallel = in.i32();
    in.skip(GBTREE_PARAM - 8);
    long minTree = TREE_PARAM + NODE + STAT + 4;
    if (trees < 0 || trees > in.remaining() / minTree) {
      throw bad("xgboost.structure", "num_trees " + trees + " cannot fit in the "
          + in.remaining() + " bytes left", at);
    }
    if (parallel < 0) {
      throw bad("xgboost.value", "num_parallel_tree " + parallel + " is negative", at);
    }
    for (int t = 0; t < trees; t++) {
      tree(t, features);
    }
    long iat = in.position();
    in.require(4L * trees);
    for (int t = 0; t < trees; t++) {
      int info = in.i32();
      if (info < 0 || info >= groups) {
        throw bad("xgboost.tree", "tree_info[" + t + "] = " + info + " names output group "
            + "outside 0.." + (groups - 1), iat);
      }
    }
    return trees;
  }

  private void tree(int t, long features) throws IOException {
    long at = in.position();
    in.require(TREE_PARAM);
    in.i32(); // deprecated num_roots
    int nodes = in.i32();
    int deleted = in.i32();
    in.skip(TREE_PARAM - 12);
    if (nodes <= 0 || nodes > in.remaining() / (NODE + STAT)) {
      throw bad("xgboost.structure", "tree " + t + " has num_nodes " + nodes + ", which "
          + "cannot fit in the " + in.remaining() + " bytes left", at);
    }
    Nums left = new Nums(nodes);
    Nums right = new Nums(nodes);
    Nums parents = new Nums(nodes);
    int seenDeleted = 0;
    long nat = in.position();
    for (int i = 0; i < nodes; i++) {
      parents.add(in.i32());
      int l = in.i32();
      left.add(l);
      right.add(in.i32());
      long sindex = in.u32();
      in.f32();
      if (sindex == DELETED) {
        seenDeleted += i > 0 ? 1 : 0;
      } else if (l != -1 && (sindex & 0x7fffffffL) >= features) {
        throw bad("xgboost.tree", "tree " + t + " node " + i + " splits on feature "
            + (sindex & 0x7fffffffL) + " but the model has " + features + " features", nat);
      }
    }
    if (seenDeleted != deleted) {
      throw bad("xgboost.structure", "tree " + t + " marks " + seenDeleted
          + " nodes deleted but num_deleted is " + deleted, at);
    }
    TreeCheck.links(new Fields(in.at(nat)), "tree " + t + ": ", nodes, left, right, parents);
    in.skip((long) STAT * nodes);
  }

  private void floats(String what, long expected) throws IOException {
    long at = in.position();
    long n = in.u64();
    if (n < 0 || n > in.remaining() / 4 || (expected >= 0 && n != expected)) {
      throw bad("xgboost.structure", what + " vector of " + n + " floats does not fit or"
          + " does not match " + expected + " trees", at);
    }
    in.skip(4 * n);
  }

  private String string(String what) throws IOException {
    long at = in.position();
    long n = in.u64();
    if (n < 0 || n > Math.min(MAX_NAME, in.remaining())) {
      throw bad("xgboost.structure", what + " name of " + n + " bytes is out of range", at);
    }
    return in.utf8(n);
  }

  private void skipString() throws IOException {
    long at = in.position();
    long n = in.u64();
    if (n < 0 || n > in.remaining()) {
      throw bad("xgboost.structure", "attribute of " + n + " bytes runs past the end", at);
    }
    in.skip(n);
  }

  private InvalidInputException bad(String rule, String message, long at) {
    return new InvalidInputException(rule, message, in.at(at));
  }

  String file() {
    return file;
  }
}
