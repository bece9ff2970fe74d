package dev.modelgate;

import dev.modelgate.rules.Finding;
import dev.modelgate.rules.RuleCatalogue;
import dev.modelgate.rules.Verdict;
import dev.modelgate.io.Budget;
import dev.modelgate.io.ByteSource;
import dev.modelgate.spi.Description;
import dev.modelgate.spi.Folder;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.policy.Policy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The engine's side of a {@link ScanContext}: one file or member being scanned. */
final class FileScan implements ScanContext {
  /**
   * Set by the test suites (surefire argLine): every finding reported must name a catalogued
   * rule and be no worse than its verdict.
   */
  private static final boolean CHECK_RULES = Boolean.getBoolean("modelgate.checkRules");
  private final Scanner scanner;
  private final String path;
  private final int depth;
  private final @Nullable Folder folder;
  private final Budget budget;
  /** Null unless the caller keeps this file's description (convert, inspect). */
  private final @Nullable Keeper keeper;
  private final List<Finding> findings = new ArrayList<>();
  private Verdict worst = Verdict.CLEAN;
  private int dropped;
  private String format = "unknown";
  private @Nullable Description description;

  FileScan(Scanner scanner, String path, int depth, @Nullable Folder folder, Budget budget) {
    this(scanner, path, depth, folder, budget, null);
  }

  FileScan(Scanner scanner, String path, int depth, @Nullable Folder folder, Budget budget,
      @Nullable Keeper keeper) {
    this.scanner = scanner;
    this.path = path;
    this.depth = depth;
    this.folder = folder;
    this.budget = budget;
    this.keeper = keeper;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public int depth() {
    return depth;
  }

  @Override
  public Budget budget() {
    return budget;
  }

  @Override
  public Policy policy() {
    return scanner.options().policy();
  }

  @Override
  public Optional<Folder> folder() {
    return Optional.ofNullable(folder);
  }

  @Override
  public String format() {
    return format;
  }

  @Override
  public void format(String id) {
    this.format = id;
  }

  @Override
  public void add(Finding f) {
    if (CHECK_RULES) {
      RuleCatalogue.get().check(f); // throws an AssertionError naming the file to edit
    }
    worst = Verdict.worst(worst, f.verdict());
    if (findings.size() < limits().maxFindings()) {
      findings.add(f);
    } else {
      dropped++;
    }
  }

  @Override
  public Verdict verdict() {
    return worst;
  }

  @Override
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

  @Override
  public boolean describing() {
    return keeper != null;
  }

  @Override
  public void describe(Description d) {
    if (keeper != null) {
      keeper.own(d);
      description = d;
    }
  }

  /** What this file's handler published, or null. */
  @Nullable Description description() {
    return description;
  }

  @Override
  public @Nullable Description memberDescription(String name, ByteSource src) throws IOException {
    if (keeper == null) {
      member(name, src);
      return null;
    }
    boolean kept = false;
    try {
      if (depth + 1 > limits().maxNesting()) {
        invalid("limits.nesting", "containers nested deeper than " + limits().maxNesting(), name);
        return null;
      }
      FileScan m = scanner.scanMember(this, path + "!/" + name, src, keeper);
      worst = Verdict.worst(worst, m.verdict());
      if (m.description == null) {
        return null;
      }
      keeper.own(src); // the member's description reads from it
      kept = true;
      return m.description;
    } finally {
      if (!kept) {
        src.close();
      }
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
