package dev.modelgate.io;

/**
 * What one top-level file and everything nested in it may cost: decompressed bytes, decoded
 * memory and decoding steps. Every reader of the file draws from the same budget, so a bomb or a
 * flood spread over many members, levels or formats is caught as surely as one big one, and the
 * verdict names the limit ({@code limits.*}) instead of the JVM running out of memory.
 *
 * <p>Memory is charged, never refunded: a reader charges what it keeps (values, strings,
 * arrays, names) when it creates it. The count is an estimate of retained heap, kept
 * deliberately on the high side; it bounds what a hostile file can make the scanner hold.
 *
 * <p>Not thread-safe: one budget belongs to the scan of one file.
 */
public final class Budget {
  /**
   * After this many members tripped a limit, nothing more is decompressed for this file: it is
   * invalid already, and an archive of hundreds of bombs would otherwise cost each one's
   * allowance in turn.
   */
  static final int MAX_TRIPS = 3;

  private final Limits limits;
  private long decompressed;
  private long memory;
  private long work;
  private int trips;

  public Budget(Limits limits) {
    this.limits = limits;
  }

  public Limits limits() {
    return limits;
  }

  public long decompressed() {
    return decompressed;
  }

  /** Bytes of decoded structure charged so far. */
  public long memory() {
    return memory;
  }

  /** Bytes of decoded structure that may still be charged. */
  public long memoryLeft() {
    return limits.maxMemory() - memory;
  }

  /** Decoding steps charged so far. */
  public long work() {
    return work;
  }

  /**
   * Accounts {@code n} more decompressed bytes of a member whose compressed size is
   * {@code compressed} (or -1 if unknown) and {@code produced} bytes so far; throws when a limit
   * is crossed.
   */
  public void charge(long n, long produced, long compressed, String location)
      throws InvalidInputException {
    if (trips >= MAX_TRIPS) {
      throw new InvalidInputException("limits.decompression-stopped", "not decompressed: "
          + trips + " members of this file already exceeded decompression limits", location);
    }
    decompressed += n;
    if (produced > limits.maxMemberBytes()) {
      throw trip("limits.member-size",
          "member expands beyond " + limits.maxMemberBytes() + " bytes", location);
    }
    if (decompressed > limits.maxTotalDecompressed()) {
      throw trip("limits.decompressed-total",
          "members expand beyond " + limits.maxTotalDecompressed() + " bytes in total", location);
    }
    if (compressed >= 0 && produced > limits.ratioFloor()
        && produced / Math.max(1, compressed) > limits.maxRatio()) {
      throw trip("limits.decompression-ratio",
          "decompression bomb: " + compressed + " bytes expand beyond " + produced
              + " (ratio over " + limits.maxRatio() + ":1)", location);
    }
  }

  /**
   * Charges {@code bytes} of decoded structure that a reader is about to keep. Call it before
   * allocating, with the size the allocation will take.
   *
   * @param what what is being kept, for the message ("pickle values", "GGUF strings")
   * @throws InvalidInputException {@code limits.memory} when the file's budget is used up
   */
  public void memory(long bytes, String what, String location) throws InvalidInputException {
    if (bytes < 0 || bytes > limits.maxMemory() - memory) {
      memory = limits.maxMemory();
      throw new InvalidInputException("limits.memory", what + " need more than the memory budget"
          + " of " + mib(limits.maxMemory()) + " for one file (limit 'memory'; a larger heap"
          + " raises the default)", location);
    }
    memory += bytes;
  }

  /**
   * Charges {@code steps} decoding steps.
   *
   * @throws InvalidInputException {@code limits.work} when the file's budget is used up
   */
  public void work(long steps, String what, String location) throws InvalidInputException {
    if (steps < 0 || steps > limits.maxWork() - work) {
      work = limits.maxWork();
      throw new InvalidInputException("limits.work", what + ": more than " + limits.maxWork()
          + " decoding steps for one file (limit 'work')", location);
    }
    work += steps;
  }

  private static String mib(long bytes) {
    return bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
  }

  private InvalidInputException trip(String rule, String message, String location) {
    trips++;
    return new InvalidInputException(rule, message, location);
  }
}
