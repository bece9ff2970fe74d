package dev.modelgate.scan;

import dev.modelgate.io.Budget;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.Limits;
import dev.modelgate.policy.Policy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The scan of one file or member in progress: where findings go, which limits and policy apply,
 * and how a handler hands container members back to the scanner. Findings beyond the limit are
 * counted into the verdict but not kept, so a file cannot flood a report.
 */
public final class ScanContext {
  private final Scanner scanner;
  private final String path;
  private final int depth;
  private final Path directory;
  private final Budget budget;
  private final List<Finding> findings = new ArrayList<>();
  private Verdict worst = Verdict.CLEAN;
  private int dropped;
  private String format = "unknown";

  ScanContext(Scanner scanner, String path, int depth, Path directory, Budget budget) {
    this.scanner = scanner;
    this.path = path;
    this.depth = depth;
    this.directory = directory;
    this.budget = budget;
  }

  /** Display path: the file path, or {@code outer!/member}. */
  public String path() {
    return path;
  }

  /** 0 for a top-level file, 1 for a member of it, and so on. */
  public int depth() {
    return depth;
  }

  public Limits limits() {
    return budget.limits();
  }

  public Budget budget() {
    return budget;
  }

  public Policy policy() {
    return scanner.options().policy();
  }

  /**
   * The directory holding this file, for formats that refer to siblings (ONNX external data,
   * SavedModel assets). Empty for container members and in-memory sources.
   */
  public Optional<Path> directory() {
    return Optional.ofNullable(directory);
  }

  public String format() {
    return format;
  }

  /** Refines the reported format (a zip turns out to be {@code pytorch-zip}, {@code npz}, ...). */
  public void format(String id) {
    this.format = id;
  }

  public void add(Finding f) {
    worst = Verdict.worst(worst, f.verdict());
    if (findings.size() < limits().maxFindings()) {
      findings.add(f);
    } else {
      dropped++;
    }
  }

  public void malicious(String rule, String message, String location, String evidence) {
    add(new Finding(rule, Verdict.MALICIOUS, message, location, evidence));
  }

  public void suspicious(String rule, String message, String location, String evidence) {
    add(new Finding(rule, Verdict.SUSPICIOUS, message, location, evidence));
  }

  public void invalid(String rule, String message, String location) {
    add(new Finding(rule, Verdict.INVALID, message, location, ""));
  }

  /** An observation that does not change the verdict. */
  public void note(String rule, String message, String location, String evidence) {
    add(new Finding(rule, Verdict.CLEAN, message, location, evidence));
  }

  /** The verdict so far: worst of this file's findings and its members' verdicts. */
  public Verdict verdict() {
    return worst;
  }

  /**
   * Scans a container member as its own result {@code path!/name}; its verdict counts toward
   * this file's. The member source is closed afterwards. Members nested deeper than the limit
   * make this file invalid instead of being scanned.
   */
  public Verdict member(String name, ByteSource src) throws IOException {
    try (ByteSource s = src) {
      if (depth + 1 > limits().maxNesting()) {
        invalid("limits.nesting", "containers nested deeper than " + limits().maxNesting(), name);
        return Verdict.INVALID;
      }
      Verdict v = scanner.scanMember(this, path + "!/" + name, s);
      worst = Verdict.worst(worst, v);
      return v;
    }
  }

  /** Counts a member's verdict toward this container's. */
  void absorb(Verdict v) {
    worst = Verdict.worst(worst, v);
  }

  Scanner scanner() {
    return scanner;
  }

  List<Finding> findings() {
    if (dropped == 0) {
      return findings;
    }
    List<Finding> out = new ArrayList<>(findings);
    out.add(new Finding("report.truncated", Verdict.CLEAN,
        dropped + " more findings not shown", "", ""));
    return out;
  }
}
