package dev.modelgate.io;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The resource limits of one scan, in one place. Anything a file declares (lengths, counts,
 * depths, sizes, ratios) is checked against these and against the bytes actually present before
 * it is used; a violation makes the file {@code invalid} with a {@code limits.*} rule. Each
 * top-level file gets a fresh {@link Budget} that counts against them, shared by all its members
 * and all the readers that run on it.
 *
 * <p>Formats also have facts of their own that are not tunable (ggml's four dimensions, a zip
 * comment's 64 KiB, protobuf's recursion limit of 100): those stay beside their readers, named
 * for the spec or loader they come from.
 *
 * @param maxNesting containers inside containers (zip in tar in gzip ...)
 * @param maxMembers members listed by one archive
 * @param maxMemberBytes decompressed size of one member that is kept for scanning
 * @param maxTotalDecompressed decompressed bytes for one top-level file, all members together
 * @param maxRatio decompressed/compressed ratio tolerated for members over {@link #ratioFloor}
 * @param ratioFloor members that inflate to fewer bytes than this are never ratio-checked
 * @param maxMetadataBytes one metadata blob (JSON header, config, template) read into memory
 * @param maxFindings findings kept per file (the verdict still counts the rest)
 * @param maxMemory bytes of decoded structure (values, strings, arrays, names) the readers may
 *     hold for one top-level file; see {@link Budget#memory}
 * @param maxWork decoding steps (opcodes, fields, values, heap objects) for one top-level file,
 *     so a file of millions of tiny items cannot keep the scanner busy without end
 */
public record Limits(
    int maxNesting,
    int maxMembers,
    long maxMemberBytes,
    long maxTotalDecompressed,
    long maxRatio,
    long ratioFloor,
    int maxMetadataBytes,
    int maxFindings,
    long maxMemory,
    long maxWork) {

  /**
   * The defaults. The memory budget is a quarter of the heap, at most 512 MiB: a file that needs
   * more decoded structure than that is refused by name ({@code limits.memory}) before the JVM
   * could run out; raise the heap ({@code MODELGATE_JAVA_OPTS=-Xmx…}) or the limit to accept it.
   */
  public static final Limits DEFAULT = new Limits(8, 100_000, 4L << 30, 16L << 30, 200,
      16L << 20, 100 << 20, 200, defaultMemory(), 200_000_000L);

  /**
   * Files up to this size that are hashed anyway are read whole, once, and sniffed, parsed and
   * hashed from that one buffer.
   */
  public static final int WHOLE_FILE_MAX = 4 << 20;

  public Limits {
    if (maxNesting < 1 || maxMembers < 1 || maxMemberBytes < 1 || maxTotalDecompressed < 1
        || maxRatio < 1 || ratioFloor < 0 || maxMetadataBytes < 1 || maxFindings < 1
        || maxMemory < 1 || maxWork < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  /** The first eight limits, with the default memory and work budgets. */
  public Limits(int maxNesting, int maxMembers, long maxMemberBytes, long maxTotalDecompressed,
      long maxRatio, long ratioFloor, int maxMetadataBytes, int maxFindings) {
    this(maxNesting, maxMembers, maxMemberBytes, maxTotalDecompressed, maxRatio, ratioFloor,
        maxMetadataBytes, maxFindings, DEFAULT.maxMemory, DEFAULT.maxWork);
  }

  /**
   * How many files may be scanned at once in a heap of {@code heapBytes} with each one keeping
   * its full budget: three quarters of the heap (a quarter stays the scanner's own: results,
   * code, buffers) over what one file may hold,
   * its memory budget plus an in-memory decompressed member ({@link Spill}) and its own bytes
   * when read whole (at most {@link #WHOLE_FILE_MAX}). At least 1.
   */
  public int concurrentFiles(long heapBytes) {
    long perFile = maxMemory + Spill.IN_MEMORY_MAX + WHOLE_FILE_MAX;
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, heapBytes / 4 * 3 / perFile));
  }

  static long defaultMemory() {
    return Math.min(512L << 20, Math.max(16L << 20, Runtime.getRuntime().maxMemory() / 4));
  }

  /** Every limit by the name users set it with ({@code --limit NAME=VALUE}), in order. */
  public Map<String, Long> byName() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("nesting", (long) maxNesting);
    m.put("members", (long) maxMembers);
    m.put("member-bytes", maxMemberBytes);
    m.put("decompressed", maxTotalDecompressed);
    m.put("ratio", maxRatio);
    m.put("ratio-floor", ratioFloor);
    m.put("metadata-bytes", (long) maxMetadataBytes);
    m.put("findings", (long) maxFindings);
    m.put("memory", maxMemory);
    m.put("work", maxWork);
    return m;
  }

  /**
   * These limits with one changed: {@code name} as in {@link #byName()}, {@code value} a
   * positive integer with an optional {@code k}, {@code m} or {@code g} suffix (powers of 1024).
   *
   * @throws IllegalArgumentException for an unknown name or a bad value, naming both
   */
  public Limits with(String name, String value) {
    Map<String, Long> m = byName();
    if (!m.containsKey(name)) {
      throw new IllegalArgumentException("unknown limit '" + name + "' (known: "
          + String.join(", ", m.keySet()) + ")");
    }
    long v = parse(name, value);
    boolean narrow = name.equals("nesting") || name.equals("members")
        || name.equals("metadata-bytes") || name.equals("findings");
    if (narrow && v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("limit " + name + " is at most " + Integer.MAX_VALUE);
    }
    m.put(name, v);
    return new Limits((int) at(m, "nesting"), (int) at(m, "members"),
        at(m, "member-bytes"), at(m, "decompressed"), at(m, "ratio"), at(m, "ratio-floor"),
        (int) at(m, "metadata-bytes"), (int) at(m, "findings"), at(m, "memory"),
        at(m, "work"));
  }

  /** A limit of {@link #byName()}, which names every one. */
  private static long at(Map<String, Long> m, String name) {
    return Objects.requireNonNull(m.get(name), name);
  }

  private static long parse(String name, String value) {
    String s = value.strip().toLowerCase(Locale.ROOT);
    int shift = 0;
    if (!s.isEmpty()) {
      switch (s.charAt(s.length() - 1)) {
        case 'k' -> shift = 10;
        case 'm' -> shift = 20;
        case 'g' -> shift = 30;
        default -> { }
      }
    }
    String digits = shift == 0 ? s : s.substring(0, s.length() - 1);
    try {
      long n = Long.parseLong(digits);
      if (n < 0 || n > Long.MAX_VALUE >> shift || (n == 0 && !name.equals("ratio-floor"))) {
        throw new NumberFormatException();
      }
      return n << shift;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("limit " + name + " needs a positive number (with an"
          + " optional k, m or g), not '" + value + "'");
    }
  }
}
