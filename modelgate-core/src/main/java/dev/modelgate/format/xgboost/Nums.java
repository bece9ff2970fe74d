package dev.modelgate.format.xgboost;

import java.util.Arrays;

/**
 * A JSON or UBJSON array whose elements are all numbers, held as doubles instead of boxed values
 * (tree arrays hold one number per node; boxing them would cost three times the memory). Every
 * integer XGBoost writes (node ids, feature indices, counts) fits a double exactly.
 */
final class Nums {
  private double[] v;
  private int n;

  Nums(int capacity) {
    v = new double[Math.max(4, capacity)];
  }

  void add(double x) {
    if (n == v.length) {
      v = Arrays.copyOf(v, v.length * 2);
    }
    v[n++] = x;
  }

  int size() {
    return n;
  }

  double get(int i) {
    return v[i];
  }

  /** True when element {@code i} is an integer in the int range. */
  boolean isInt(int i) {
    double x = v[i];
    return x == Math.rint(x) && x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE;
  }
}
