package dev.modelgate.format.tensorflow;

import org.jspecify.annotations.Nullable;

/**
 * What a TensorFlow op name is known to do, for formats that embed TensorFlow ops by name
 * (TFLite "Flex" ops run them through the Select TF Ops delegate).
 */
public final class TfOps {
  private TfOps() {}

  /**
   * The rule suffix for an op with effects outside the computation ({@code python-callback},
   * {@code file-op}, {@code network-op}), or null for plain computation or unknown ops.
   */
  public static @Nullable String danger(String op) {
    if (OpRules.PYTHON.contains(op)) {
      return "python-callback";
    }
    if (OpRules.FILE.contains(op) || OpRules.CHECKPOINT.contains(op)
        || OpRules.TABLE_FILE.contains(op)) {
      return "file-op";
    }
    if (OpRules.NETWORK.contains(op)) {
      return "network-op";
    }
    return null;
  }

  /** Whether a stock TensorFlow build registers this op. */
  public static boolean standard(String op) {
    return StandardOps.contains(op);
  }
}
