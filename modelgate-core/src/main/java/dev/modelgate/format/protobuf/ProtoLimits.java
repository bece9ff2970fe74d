package dev.modelgate.format.protobuf;

/**
 * Bounds for one protobuf parse: message nesting (protobuf's own default recursion limit is 100,
 * so a deeper message fails to load anyway) and the total number of fields read, so a file of
 * millions of tiny fields cannot keep the scanner busy without end. Immutable: each
 * {@link ProtoReader#open} counts its own fields (and charges them to the file's budget).
 */
public record ProtoLimits(int maxDepth, long maxFields) {
  public static final ProtoLimits DEFAULT = new ProtoLimits(100, 50_000_000L);

  public ProtoLimits {
    if (maxDepth < 1 || maxFields < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
