package dev.modelgate;

import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * All results of one scan, top-level files and container members, in scan order (a container
 * before its members).
 *
 * @param baselineKnown how many findings a baseline left out as already known; null when no
 *     baseline was applied
 */
public record ScanReport(List<ScanResult> results, @Nullable Integer baselineKnown) {

  public ScanReport {
    results = List.copyOf(results);
  }

  public ScanReport(List<ScanResult> results) {
    this(results, null);
  }

  /**
   * The files a summary counts: every top-level file, and every file of a scanned folder or
   * tree (not the folder itself, and not members inside containers, which count in their
   * container's verdict). Text, JSON and CycloneDX reports all count these.
   */
  public List<ScanResult> judgedFiles() {
    List<ScanResult> out = new ArrayList<>();
    String folder = null;
    for (ScanResult r : results) {
      if (r.topLevel()) {
        folder = r.format().equals("directory") ? r.path() : null;
        if (folder == null) {
          out.add(r);
        }
      } else if (folder != null && isDirectFile(folder, r.path())) {
        out.add(r);
      }
    }
    return out;
  }

  /** {@code folder!/a/b.pt} (or {@code folder/a/b.pt} for a renamed tree), not {@code folder!/a.zip!/x}. */
  private static boolean isDirectFile(String folder, String path) {
    if (!path.startsWith(folder) || path.length() <= folder.length()) {
      return false;
    }
    String rest = path.substring(folder.length());
    if (rest.startsWith("!/")) {
      rest = rest.substring(2);
    } else if (rest.startsWith("/")) {
      rest = rest.substring(1);
    } else {
      return false;
    }
    return !rest.isEmpty() && !rest.contains("!/");
  }

  /**
   * For each result (by index), the index of the container or folder it is a member of, or -1 for
   * a top-level one: the tree the flat, container-first result list encodes.
   */
  public int[] containers() {
    int[] parent = new int[results.size()];
    java.util.ArrayDeque<Integer> stack = new java.util.ArrayDeque<>();
    for (int i = 0; i < results.size(); i++) {
      ScanResult r = results.get(i);
      if (r.topLevel()) {
        stack.clear();
      }
      while (!stack.isEmpty() && !isMember(results.get(stack.peek()), r.path())) {
        stack.pop();
      }
      parent[i] = stack.isEmpty() ? -1 : stack.peek();
      stack.push(i);
    }
    return parent;
  }

  private static boolean isMember(ScanResult container, String path) {
    String c = container.path();
    return path.startsWith(c + "!/")
        || (container.format().equals("directory") && path.startsWith(c + "/"));
  }

  /** Number of judged files per verdict ({@link #judgedFiles()}). */
  public Map<Verdict, Integer> summary() {
    Map<Verdict, Integer> m = new EnumMap<>(Verdict.class);
    for (Verdict v : Verdict.values()) {
      m.put(v, 0);
    }
    for (ScanResult r : judgedFiles()) {
      m.merge(r.verdict(), 1, Integer::sum);
    }
    return m;
  }

  /** Number of judged files ({@link #judgedFiles()}). */
  public int files() {
    return judgedFiles().size();
  }

  /** The worst verdict of any top-level file or folder; clean when nothing was scanned. */
  public Verdict worst() {
    Verdict w = Verdict.CLEAN;
    for (ScanResult r : results) {
      if (r.topLevel()) {
        w = Verdict.worst(w, r.verdict());
      }
    }
    return w;
  }

  /** True when every top-level file is clean. */
  public boolean allClean() {
    return worst() == Verdict.CLEAN;
  }

  /** Findings kept in the report but not counted, because an ignore entry covers them. */
  public int suppressed() {
    int n = 0;
    for (ScanResult r : results) {
      for (Finding f : r.findings()) {
        n += f.suppressed() ? 1 : 0;
      }
    }
    return n;
  }
}
