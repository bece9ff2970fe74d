package dev.modelgate;

import dev.modelgate.io.Limits;
import dev.modelgate.policy.Policy;
import java.util.Objects;

/**
 * How to scan.
 *
 * @param hashLimit files and members up to this size get a sha256 in their result; larger ones
 *     are not read in full (a scan reads headers and pickles, not tensor data). 0 disables
 *     hashing, {@link Long#MAX_VALUE} hashes everything.
 * @param debug keep stack traces of parser failures (printed by the CLI with {@code --debug})
 */
public record ScanOptions(Policy policy, Limits limits, long hashLimit, boolean debug,
    ScanListener listener) {

  /** Default hash limit: 256 MiB. */
  public static final long DEFAULT_HASH_LIMIT = 256L << 20;

  public ScanOptions {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(limits, "limits");
    listener = listener == null ? ScanListener.NONE : listener;
  }

  public static ScanOptions defaults() {
    return new ScanOptions(Policy.defaults(), Limits.DEFAULT, DEFAULT_HASH_LIMIT, false, null);
  }

  public ScanOptions withPolicy(Policy p) {
    return new ScanOptions(p, limits, hashLimit, debug, listener);
  }
}
