package dev.modelgate.io;

/**
 * Decompression accounting for one top-level file and everything nested in it, so a bomb spread
 * over many members or levels is caught as surely as one big member.
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

  private InvalidInputException trip(String rule, String message, String location) {
    trips++;
    return new InvalidInputException(rule, message, location);
  }
}
