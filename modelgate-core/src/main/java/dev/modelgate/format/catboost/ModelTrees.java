package dev.modelgate.format.catboost;

import dev.modelgate.format.tflite.FlatReader;
import dev.modelgate.io.InvalidInputException;
import java.io.IOException;

/**
 * CatBoost's {@code TModelTrees} table (model.fbs; field order is append-only): the trees as
 * flat arrays the evaluator indexes without checks. Symmetric (oblivious) trees of depth d own d
 * splits and 2^d leaves; non-symmetric trees own one step node and one split per node, steps and
 * leaf ids pointing inside the tree. Every split must name one of the model's binary features.
 */
final class ModelTrees {
  // TModelTrees fields
  static final int APPROX_DIMENSION = 0;
  static final int TREE_SPLITS = 1;
  static final int TREE_SIZES = 2;
  static final int TREE_START_OFFSETS = 3;
  static final int CAT_FEATURES = 4;
  static final int FLOAT_FEATURES = 5;
  static final int ONE_HOT_FEATURES = 6;
  static final int CTR_FEATURES = 7;
  static final int LEAF_VALUES = 8;
  static final int LEAF_WEIGHTS = 9;
  static final int STEP_NODES = 10;
  static final int NODE_TO_LEAF = 11;
  /** Fields from TextFeatures on carry binary features this reader does not count. */
  static final int FIRST_UNCOUNTED = 12;
  /** CatBoost's maximum tree depth. */
  static final int MAX_DEPTH = 16;
  static final int MAX_APPROX = 1 << 20;

  private final FlatReader f;
  private final FlatReader.Table t;

  ModelTrees(FlatReader f, FlatReader.Table t) {
    this.f = f;
    this.t = t;
  }

  void check() throws IOException {
    int approx = f.i32Field(t, APPROX_DIMENSION, 0); // FlatBuffers omits a default 0
    if (approx < 1 || approx > MAX_APPROX) {
      throw bad("ApproxDimension " + approx + " is outside 1.." + MAX_APPROX);
    }
    FlatReader.Vec splits = vec(TREE_SPLITS, 4);
    FlatReader.Vec sizes = vec(TREE_SIZES, 4);
    FlatReader.Vec starts = vec(TREE_START_OFFSETS, 4);
    FlatReader.Vec leaves = vec(LEAF_VALUES, 8);
    FlatReader.Vec weights = f.vector(t, LEAF_WEIGHTS, 8);
    FlatReader.Vec steps = f.vector(t, STEP_NODES, 4);
    if (starts.length() != sizes.length()) {
      throw bad(starts.length() + " tree start offsets for " + sizes.length() + " trees");
    }
    long binary = binaryFeatures();
    for (long k = 0; k < splits.length(); k++) {
      int s = f.i32(splits.start() + 4 * k, "TreeSplits");
      if (s < 0 || (binary >= 0 && s >= binary)) {
        throw tree("TreeSplits[" + k + "] = " + s + " is not one of the model's " + binary
            + " binary features");
      }
    }
    long offset = 0;
    long leafCount = 0;
    for (long k = 0; k < sizes.length(); k++) {
      int size = f.i32(sizes.start() + 4 * k, "TreeSizes");
      int start = f.i32(starts.start() + 4 * k, "TreeStartOffsets");
      if (start != offset) {
        throw tree("tree " + k + " starts at split " + start + ", not " + offset);
      }
      if (steps == null && (size < 0 || size > MAX_DEPTH)) {
        throw tree("symmetric tree " + k + " has depth " + size + ", outside 0.." + MAX_DEPTH);
      }
      if (size < 0) {
        throw tree("tree " + k + " has " + size + " nodes");
      }
      offset += size;
      leafCount += steps == null ? 1L << size : 0;
    }
    if (offset != splits.length()) {
      throw tree("trees own " + offset + " splits but " + splits.length() + " are stored");
    }
    if (steps == null) {
      expect(leaves, (long) approx * leafCount, "LeafValues");
      if (weights != null && weights.length() > 0) {
        expect(weights, leafCount, "LeafWeights");
      }
    } else {
      nonSymmetric(sizes, steps, leaves.length() / approx);
    }
  }

  private void nonSymmetric(FlatReader.Vec sizes, FlatReader.Vec steps, long leafCount)
      throws IOException {
    FlatReader.Vec splits = vec(TREE_SPLITS, 4);
    FlatReader.Vec leafIds = vec(NODE_TO_LEAF, 4);
    expect(steps, splits.length(), "NonSymmetricStepNodes");
    expect(leafIds, splits.length(), "NonSymmetricNodeIdToLeafId");
    long start = 0;
    for (long k = 0; k < sizes.length(); k++) {
      long end = start + f.i32(sizes.start() + 4 * k, "TreeSizes");
      for (long node = start; node < end; node++) {
        int left = f.u16(steps.start() + 4 * node, "NonSymmetricStepNodes");
        int right = f.u16(steps.start() + 4 * node + 2, "NonSymmetricStepNodes");
        if (node + left > end - 1 || node + right > end - 1) {
          throw tree("tree " + k + " node " + (node - start) + " steps to "
              + (node - start + Math.max(left, right)) + ", outside its " + (end - start)
              + " nodes");
        }
        long leaf = f.u32(leafIds.start() + 4 * node, "NonSymmetricNodeIdToLeafId");
        if (leaf != 0xffffffffL && leaf >= leafCount) {
          throw tree("tree " + k + " node " + (node - start) + " maps to leaf " + leaf
              + " of " + leafCount);
        }
      }
      start = end;
    }
  }

  /**
   * The binary features splits index: float borders, one-hot values and CTR borders, in that
   * order; -1 when the model also has text, embedding or estimated features (not counted here).
   */
  private long binaryFeatures() throws IOException {
    for (int field = FIRST_UNCOUNTED; field < FIRST_UNCOUNTED + 8; field++) {
      FlatReader.Vec v = f.vector(t, field, 4);
      if (v != null && v.length() > 0) {
        return -1;
      }
    }
    long n = 0;
    n += borders(FLOAT_FEATURES, 3, "FloatFeatures");
    n += borders(ONE_HOT_FEATURES, 1, "OneHotFeatures");
    n += borders(CTR_FEATURES, 1, "CtrFeatures");
    return n;
  }

  /** Sums the lengths of vector field {@code inner} over the tables of vector field {@code field}. */
  private long borders(int field, int inner, String what) throws IOException {
    FlatReader.Vec v = f.vector(t, field, 4);
    if (v == null) {
      return 0;
    }
    long n = 0;
    for (long k = 0; k < v.length(); k++) {
      FlatReader.Table feature = f.tableAt(v.start() + 4 * k, what + "[" + k + "]");
      FlatReader.Vec b = f.vector(feature, inner, 4);
      n += b == null ? 0 : b.length();
    }
    return n;
  }

  private FlatReader.Vec vec(int field, int width) throws IOException {
    FlatReader.Vec v = f.vector(t, field, width);
    return v == null ? new FlatReader.Vec(0, 0) : v;
  }

  private void expect(FlatReader.Vec v, long n, String what) throws InvalidInputException {
    if (v.length() != n) {
      throw tree(what + " has " + v.length() + " entries, the trees need " + n);
    }
  }

  private InvalidInputException bad(String what) {
    return new InvalidInputException("catboost.structure", what, "ModelTrees@" + t.pos());
  }

  private InvalidInputException tree(String what) {
    return new InvalidInputException("catboost.tree", what, "ModelTrees@" + t.pos());
  }
}
