package dev.modelgate.spark;

import dev.modelgate.ScanOptions;
import dev.modelgate.io.Limits;
import dev.modelgate.policy.Policy;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How {@link ModelgateSpark#scan} scans.
 *
 * @param timeLimit per unit (a file or a model folder); a scan that runs over becomes an
 *     {@code invalid} row with rule {@code limits.scan-time}
 * @param hashLimit files up to this size are hashed (sha256; used for deduplication and
 *     incremental runs); larger ones are read only where their structure lies
 * @param previous output of an earlier run (Parquet or JSON lines), or null: units it scanned
 *     with the same scanner version, unchanged in path, size and mtime or equal in sha256, are
 *     taken from it instead of being scanned
 * @param partitions tasks to split the scan into, or 0 to choose from the cluster's parallelism
 * @param allow the user's allowlist patterns on top of the built-in one ({@code module.name} or
 *     {@code prefix.*}), as {@code modelgate scan --allow} and {@code --policy} take them
 */
public record ScanSettings(Duration timeLimit, long hashLimit, String previous, int partitions,
    List<String> allow) implements Serializable {

  /** Default per-unit time limit: 5 minutes. */
  public static final Duration DEFAULT_TIME_LIMIT = Duration.ofMinutes(5);

  public ScanSettings {
    Objects.requireNonNull(timeLimit, "timeLimit");
    if (timeLimit.isNegative() || hashLimit < 0 || partitions < 0) {
      throw new IllegalArgumentException("time limit, hash limit and partitions must be >= 0");
    }
    allow = List.copyOf(allow);
    Policy.defaults().allow(allow); // refuses a bad pattern here, on the driver, not in a task
  }

  public static ScanSettings defaults() {
    return new ScanSettings(DEFAULT_TIME_LIMIT, ScanOptions.DEFAULT_HASH_LIMIT, null, 0,
        List.of());
  }

  public ScanSettings withTimeLimit(Duration d) {
    return new ScanSettings(d, hashLimit, previous, partitions, allow);
  }

  public ScanSettings withPrevious(String dir) {
    return new ScanSettings(timeLimit, hashLimit, dir, partitions, allow);
  }

  public ScanSettings withPartitions(int n) {
    return new ScanSettings(timeLimit, hashLimit, previous, n, allow);
  }

  public ScanSettings withHashLimit(long bytes) {
    return new ScanSettings(timeLimit, bytes, previous, partitions, allow);
  }

  /**
   * With a policy's user allowlist: a policy file loaded with {@link Policy#load}, plus
   * {@code --allow} patterns, say. Only the patterns travel to the executors.
   */
  public ScanSettings withPolicy(Policy policy) {
    return new ScanSettings(timeLimit, hashLimit, previous, partitions, policy.userAllow());
  }

  /** The core's options on an executor: the default limits, the policy as the CLI makes it. */
  ScanOptions scanOptions() {
    return new ScanOptions(Policy.defaults().allow(allow), Limits.DEFAULT, hashLimit, false,
        null);
  }
}
