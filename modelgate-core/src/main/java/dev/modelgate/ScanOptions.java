package dev.modelgate;

import dev.modelgate.io.Limits;
import dev.modelgate.policy.Policy;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to scan.
 *
 * @param hashLimit files and members up to this size get a sha256 in their result; larger ones
 *     are not read in full (a scan reads headers and pickles, not tensor data). 0 disables
 *     hashing, {@link Long#MAX_VALUE} hashes everything.
 * @param debug keep stack traces of parser failures (printed by the CLI with {@code --debug})
 * @param threads files of a local scan ({@link Scanner#scan(java.util.List)}) scanned at once:
 *     0 for one per core, 1 for one after another. Either way at most as many as the heap holds
 *     with every file keeping its full memory budget ({@link Limits#concurrentFiles}); results,
 *     verdicts and listener calls (all on the calling thread, in file order) are the same.
 */
public record ScanOptions(Policy policy, Limits limits, long hashLimit, boolean debug,
    ScanListener listener, int threads) {

  /** Default hash limit: 256 MiB. */
  public static final long DEFAULT_HASH_LIMIT = 256L << 20;

  public ScanOptions {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(limits, "limits");
    listener = listener == null ? ScanListener.NONE : listener;
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be 0 (one per core) or more, not "
          + threads);
    }
  }

  /** Options scanning one file per core at once ({@code threads} 0); a null listener is none. */
  public ScanOptions(Policy policy, Limits limits, long hashLimit, boolean debug,
      @Nullable ScanListener listener) {
    this(policy, limits, hashLimit, debug, listener == null ? ScanListener.NONE : listener, 0);
  }

  public static ScanOptions defaults() {
    return new ScanOptions(Policy.defaults(), Limits.DEFAULT, DEFAULT_HASH_LIMIT, false,
        ScanListener.NONE);
  }

  public ScanOptions withPolicy(Policy p) {
    return new ScanOptions(p, limits, hashLimit, debug, listener, threads);
  }

  /** These options with {@code threads} files scanned at once (0: one per core). */
  public ScanOptions withThreads(int n) {
    return new ScanOptions(policy, limits, hashLimit, debug, listener, n);
  }

  ScanOptions withListener(ScanListener l) {
    return new ScanOptions(policy, limits, hashLimit, debug, l, threads);
  }

  /** How many files a scan of {@code files} files works on at once. */
  int parallelism(int files) {
    int want = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    return Math.max(1, Math.min(files, Math.min(want,
        limits.concurrentFiles(Runtime.getRuntime().maxMemory()))));
  }
}
