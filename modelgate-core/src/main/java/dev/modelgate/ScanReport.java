package dev.modelgate;

import dev.modelgate.rules.Verdict;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** All results of one scan, top-level files and container members, in scan order. */
public record ScanReport(List<ScanResult> results) {

  public ScanReport {
    results = List.copyOf(results);
  }

  /** Number of top-level files per verdict (members are counted in their container's verdict). */
  public Map<Verdict, Integer> summary() {
    Map<Verdict, Integer> m = new EnumMap<>(Verdict.class);
    for (Verdict v : Verdict.values()) {
      m.put(v, 0);
    }
    for (ScanResult r : results) {
      if (r.topLevel()) {
        m.merge(r.verdict(), 1, Integer::sum);
      }
    }
    return m;
  }

  public int files() {
    return (int) results.stream().filter(ScanResult::topLevel).count();
  }

  /** True when every top-level file is clean. */
  public boolean allClean() {
    return results.stream().filter(ScanResult::topLevel).allMatch(r -> r.verdict() == Verdict.CLEAN);
  }
}
