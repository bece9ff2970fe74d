package dev.modelgate.format.protobuf;

/**
 * Bounds for one protobuf parse: message nesting (protobuf's own default recursion limit is 100)
 * and the total number of fields read, so a file of millions of tiny fields cannot keep the
 * scanner busy without end. One instance counts one file; {@link #fresh()} starts a new count.
 */
public final class ProtoLimits {
  public static final ProtoLimits DEFAULT = new ProtoLimits(100, 50_000_000L);

  private final int maxDepth;
  private final long maxFields;
  private long fields;

  public ProtoLimits(int maxDepth, long maxFields) {
    if (maxDepth < 1 || maxFields < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
    this.maxDepth = maxDepth;
    this.maxFields = maxFields;
  }

  public int maxDepth() {
    return maxDepth;
  }

  public long maxFields() {
    return maxFields;
  }

  /** A counter with the same bounds and nothing counted yet. */
  ProtoLimits fresh() {
    return new ProtoLimits(maxDepth, maxFields);
  }

  void countField(ProtoReader r) throws dev.modelgate.io.InvalidInputException {
    if (++fields > maxFields) {
      throw r.error(r.tagOffset(), "more than " + maxFields + " fields");
    }
  }
}
