package dev.modelgate.format.xgboost;

import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.SourceReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the JSON and UBJSON readers share: a document tree of {@link Map}, {@link List},
 * {@link Nums}, {@link String}, {@link Double}, {@link Boolean} and null, built under depth and
 * size limits, except that each element of a {@code trees} array is handed to a {@link Trees}
 * sink and dropped, so a model of thousands of trees holds one tree at a time.
 */
abstract class Doc {
  /** Real models nest about eight deep; XGBoost's own reader recurses without a bound. */
  static final int MAX_DEPTH = 64;
  /** Values held at once (one tree plus the learner's small fields). */
  static final long MAX_VALUES = 16_000_000;
  static final int MAX_STRING = 16 << 20;

  /** Receives each tree as it is read; its index counts from 0 per {@code trees} array. */
  interface Trees {
    void tree(int index, Map<String, Object> tree, String location) throws IOException;
  }

  final SourceReader in;
  private final Trees sink;
  private final Deque<String> keys = new ArrayDeque<>();
  private long held;

  Doc(SourceReader in, Trees sink) {
    this.in = in;
    this.sink = sink;
  }

  /** Reads the whole document; only whitespace (text) or nothing (binary) may follow. */
  abstract @Nullable Object document() throws IOException;

  InvalidInputException error(String what, long at) {
    return new InvalidInputException("xgboost.malformed", what, in.at(at));
  }

  void depth(int depth, long at) throws InvalidInputException {
    if (depth > MAX_DEPTH) {
      throw new InvalidInputException("xgboost.limit", "nested deeper than " + MAX_DEPTH,
          in.at(at));
    }
  }

  void count(long at) throws InvalidInputException {
    count(at, 1);
  }

  void count(long at, long n) throws InvalidInputException {
    held += n;
    if (held > MAX_VALUES) {
      throw new InvalidInputException("xgboost.limit", "more than " + MAX_VALUES
          + " values in one tree or in the learner", in.at(at));
    }
  }

  Map<String, Object> newObject() {
    return new LinkedHashMap<>();
  }

  void put(Map<String, Object> m, String key, @Nullable Object value, long at)
      throws InvalidInputException {
    if (m.containsKey(key)) {
      // XGBoost's reader keeps the first, other JSON readers the last: the file is ambiguous.
      throw error("key \"" + clip(key) + "\" appears twice in one object", at);
    }
    m.put(key, value);
  }

  void enter(String key) {
    keys.push(key);
  }

  void leave() {
    keys.pop();
  }

  /** True when the array being read is a {@code trees} array: its objects go to the sink. */
  boolean treeArray() {
    return !keys.isEmpty() && keys.peek().equals("trees");
  }

  /**
   * Adds an element to an array under construction: numbers go into a {@link Nums} while every
   * element so far was a number. Returns the (possibly converted) array.
   */
  Object append(Object array, @Nullable Object value, int index, long at) throws IOException {
    if (value instanceof Map<?, ?> m && treeArray()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> tree = (Map<String, Object>) m;
      sink.tree(index, tree, in.at(at));
      held = 0; // the tree is dropped; its values no longer count
      value = null;
    }
    if (array instanceof Nums nums) {
      if (value instanceof Double d) {
        nums.add(d);
        return nums;
      }
      List<Object> list = new ArrayList<>(nums.size() + 1);
      for (int i = 0; i < nums.size(); i++) {
        list.add(nums.get(i));
      }
      list.add(value);
      return list;
    }
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) array;
    list.add(value);
    return list;
  }

  static String clip(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
