package dev.modelgate.format.xgboost;

import dev.modelgate.io.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The learner around the trees: version, model parameters and booster, checked as XGBoost's
 * {@code Learner::LoadModel} and the booster loaders need them. Counts a predictor sizes buffers
 * by ({@code num_feature}, {@code num_class}, {@code num_target}) are bounded so a tiny file
 * cannot make it allocate without limit, and every split must name a feature the model has.
 */
final class LearnerCheck {
  /** Classes and targets: real models have at most thousands; outputs are sized by them. */
  static final long MAX_OUTPUTS = 1 << 24;

  private final Fields f;

  LearnerCheck(String location) {
    this.f = new Fields(location);
  }

  /**
   * @param trees trees read from the document's {@code trees} array
   * @param maxFeature largest feature index any tree splits on, or -1
   */
  void check(@Nullable Object doc, int trees, int maxFeature) throws InvalidInputException {
    if (!(doc instanceof Map<?, ?>)) {
      throw f.bad("the model is not a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> root = (Map<String, Object>) doc;
    Nums version = f.numbers(root, "version", "");
    if (version.size() != 3 || !version.isInt(0) || version.get(0) < 1) {
      throw f.bad("version is not [major, minor, patch]");
    }
    Map<String, Object> learner = f.object(root, "learner", "");
    Map<String, Object> param = f.object(learner, "learner_model_param", "learner.");
    long features = f.count(param, "num_feature", "learner.learner_model_param.",
        Integer.MAX_VALUE);
    long classes = f.count(param, "num_class", "learner.learner_model_param.", MAX_OUTPUTS);
    long targets = param.containsKey("num_target")
        ? f.count(param, "num_target", "learner.learner_model_param.", MAX_OUTPUTS) : 1;
    long groups = Math.max(1, Math.max(classes, targets));
    Object names = learner.get("feature_names");
    if (names instanceof List<?> l && !l.isEmpty() && l.size() != features) {
      throw f.bad("learner.feature_names has " + l.size() + " names for " + features
          + " features");
    }
    Map<String, Object> booster = f.object(learner, "gradient_booster", "learner.");
    Object name = booster.get("name");
    if ("gbtree".equals(name)) {
      trees(booster, "learner.gradient_booster.", trees, groups);
    } else if ("dart".equals(name)) {
      Map<String, Object> inner = f.object(booster, "gbtree", "learner.gradient_booster.");
      long n = trees(inner, "learner.gradient_booster.gbtree.", trees, groups);
      f.length(f.numbers(booster, "weight_drop", "learner.gradient_booster."), n,
          "learner.gradient_booster.weight_drop");
    } else if ("gblinear".equals(name)) {
      Map<String, Object> model = f.object(booster, "model", "learner.gradient_booster.");
      Nums w = f.numbers(model, "weights", "learner.gradient_booster.model.");
      if (w.size() != (features + 1) * groups) {
        throw f.bad("learner.gradient_booster.model.weights has " + w.size() + " entries, "
            + "expected (num_feature + 1) x " + groups + " = " + (features + 1) * groups);
      }
    } else {
      throw f.bad("learner.gradient_booster.name is " + (name instanceof String s
          ? "\"" + Doc.clip(s) + "\"" : "missing") + ", not gbtree, dart or gblinear");
    }
    if (maxFeature >= features) {
      throw f.tree("a tree splits on feature " + maxFeature + " but the model has "
          + features + " features: the predictor would read past each input row");
    }
  }

  private long trees(Map<String, Object> gbtree, String p, int read, long groups)
      throws InvalidInputException {
    Map<String, Object> model = f.object(gbtree, "model", p);
    String mp = p + "model.";
    Map<String, Object> param = f.object(model, "gbtree_model_param", mp);
    long n = f.count(param, "num_trees", mp + "gbtree_model_param.", Integer.MAX_VALUE);
    if (param.containsKey("num_parallel_tree")
        && f.count(param, "num_parallel_tree", mp + "gbtree_model_param.", Integer.MAX_VALUE)
        == 0) {
      throw f.bad(mp + "gbtree_model_param.num_parallel_tree is 0");
    }
    if (!(model.get("trees") instanceof Nums || model.get("trees") instanceof List<?>)) {
      throw f.bad(mp + "trees is missing");
    }
    if (n != read) {
      throw f.bad(mp + "gbtree_model_param.num_trees is " + n + " but " + read
          + " trees are stored");
    }
    Nums info = f.numbers(model, "tree_info", mp);
    f.length(info, n, mp + "tree_info");
    for (int i = 0; i < info.size(); i++) {
      if (!info.isInt(i) || info.get(i) < 0 || info.get(i) >= groups) {
        throw f.tree(mp + "tree_info[" + i + "] = " + info.get(i) + " names output group "
            + "outside 0.." + (groups - 1));
      }
    }
    Nums indptr = f.numbersIfPresent(model, "iteration_indptr", mp);
    if (indptr != null && indptr.size() > 0) {
      double prev = 0;
      for (int i = 0; i < indptr.size(); i++) {
        double v = indptr.get(i);
        if (!indptr.isInt(i) || v < prev || (i == 0 && v != 0)) {
          throw f.bad(mp + "iteration_indptr is not a non-decreasing list from 0");
        }
        prev = v;
      }
      if (prev != n) {
        throw f.bad(mp + "iteration_indptr ends at " + prev + ", not at num_trees " + n);
      }
    }
    return n;
  }
}
