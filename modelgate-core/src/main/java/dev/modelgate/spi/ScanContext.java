package dev.modelgate.spi;

import dev.modelgate.io.Budget;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.Limits;
import dev.modelgate.policy.Policy;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The scan of one file or member in progress, as a handler sees it: where findings go, which
 * limits and policy apply, and how a container hands its members back to the engine (which
 * sniffs them and picks their handler; a handler never calls another format's handler).
 * Findings beyond the limit count toward the verdict but are not kept, so a file cannot flood a
 * report.
 */
public interface ScanContext {

  /** Display path: the file path, or {@code outer!/member}. */
  String path();

  /** 0 for a top-level file, 1 for a member of it, and so on. */
  int depth();

  /** The budget of the top-level file this belongs to (shared by every member). */
  Budget budget();

  default Limits limits() {
    return budget().limits();
  }

  Policy policy();

  /**
   * The folder holding this file, for formats that refer to siblings (ONNX external data,
   * SavedModel assets, joblib array files). Empty for container members and in-memory sources.
   */
  Optional<Folder> folder();

  /** The format reported for this file. */
  String format();

  /** Refines the reported format (a zip turns out to be {@code pytorch-zip}, {@code npz}, ...). */
  void format(String id);

  void add(Finding f);

  default void malicious(String rule, String message, String location, String evidence) {
    add(new Finding(rule, Verdict.MALICIOUS, message, location, evidence));
  }

  default void suspicious(String rule, String message, String location, String evidence) {
    add(new Finding(rule, Verdict.SUSPICIOUS, message, location, evidence));
  }

  default void invalid(String rule, String message, String location) {
    add(new Finding(rule, Verdict.INVALID, message, location, ""));
  }

  /** An observation that does not change the verdict. */
  default void note(String rule, String message, String location, String evidence) {
    add(new Finding(rule, Verdict.CLEAN, message, location, evidence));
  }

  /** The verdict so far: worst of this file's findings and its members' verdicts. */
  Verdict verdict();

  /**
   * Scans a container member as its own result {@code path!/name}; its verdict counts toward
   * this file's. The member source is closed afterwards. Members nested deeper than the limit
   * make this file invalid instead of being scanned.
   */
  Verdict member(String name, ByteSource src) throws IOException;

  /**
   * True when the caller keeps this file's description (convert, inspect): only then does a
   * handler build one and {@link #describe} it. Plain scans never describe, so they pay nothing
   * for it.
   */
  default boolean describing() {
    return false;
  }

  /**
   * Publishes what this file's reader found (ignored unless {@link #describing()}); the engine
   * owns it from then on and closes it with the scan's result.
   */
  default void describe(Description d) {}

  /**
   * Scans a member like {@link #member}; when {@link #describing()}, returns the description its
   * handler published, or null when it published none. Containers whose own description is made
   * of their members' (an npz of .npy arrays) use this; the member's source then stays open
   * until the scan's owner closes it, since the description reads from it.
   */
  default @Nullable Description memberDescription(String name, ByteSource src) throws IOException {
    member(name, src);
    return null;
  }
}
