package dev.modelgate.io;

/**
 * Hard limits applied to every input. Anything a file declares (lengths, counts, depths, sizes,
 * ratios) is checked against these and against the bytes actually present before it is used;
 * a violation makes the file {@code invalid}. Format-specific limits live beside their readers.
 *
 * @param maxNesting containers inside containers (zip in tar in gzip ...)
 * @param maxMembers members listed by one archive
 * @param maxMemberBytes decompressed size of one member that is kept for scanning
 * @param maxTotalDecompressed decompressed bytes for one top-level file, all members together
 * @param maxRatio decompressed/compressed ratio tolerated for members over {@link #ratioFloor}
 * @param ratioFloor members that inflate to fewer bytes than this are never ratio-checked
 * @param maxMetadataBytes one metadata blob (JSON header, config, template) read into memory
 * @param maxFindings findings kept per file (the verdict still counts the rest)
 */
public record Limits(
    int maxNesting,
    int maxMembers,
    long maxMemberBytes,
    long maxTotalDecompressed,
    long maxRatio,
    long ratioFloor,
    int maxMetadataBytes,
    int maxFindings) {

  public static final Limits DEFAULT =
      new Limits(8, 100_000, 4L << 30, 16L << 30, 200, 16L << 20, 100 << 20, 200);

  public Limits {
    if (maxNesting < 1 || maxMembers < 1 || maxMemberBytes < 1 || maxTotalDecompressed < 1
        || maxRatio < 1 || ratioFloor < 0 || maxMetadataBytes < 1 || maxFindings < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
