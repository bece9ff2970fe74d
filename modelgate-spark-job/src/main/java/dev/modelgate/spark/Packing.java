package dev.modelgate.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Splits units into tasks of about equal cost (bytes a scan reads, see {@link Unit#cost}), not by
 * folder: longest-processing-time-first, each unit, largest first, into the lightest task so
 * far. Tasks come out heaviest first, the order Spark starts them in, so a big task never
 * starts last.
 */
final class Packing {
  /** A task should do at least this much, so a task's fixed cost stays small beside its work. */
  static final long TASK_COST = 1L << 30;

  private Packing() {}

  /** How many tasks: enough to keep every core busy and tasks short enough to retry cheaply. */
  static int tasks(List<Unit> units, int requested, int parallelism, long hashLimit) {
    if (units.isEmpty()) {
      return 1;
    }
    if (requested > 0) {
      return Math.min(requested, units.size());
    }
    long total = 0;
    for (Unit u : units) {
      total += u.cost(hashLimit);
    }
    long byCost = (total + TASK_COST - 1) / TASK_COST;
    return (int) Math.min(units.size(), Math.max(2L * parallelism, byCost));
  }

  static List<List<Unit>> bins(List<Unit> units, int n, long hashLimit) {
    List<Unit> sorted = new ArrayList<>(units);
    sorted.sort(Comparator.comparingLong((Unit u) -> u.cost(hashLimit)).reversed()
        .thenComparing(Unit::path));
    record Bin(int index, List<Unit> units, long[] cost) {}
    PriorityQueue<Bin> q = new PriorityQueue<>(Comparator.comparingLong((Bin b) -> b.cost()[0])
        .thenComparingInt(Bin::index));
    List<Bin> all = new ArrayList<>();
    for (int i = 0; i < Math.max(1, n); i++) {
      Bin b = new Bin(i, new ArrayList<>(), new long[1]);
      q.add(b);
      all.add(b);
    }
    for (Unit u : sorted) {
      Bin b = q.poll();
      b.units().add(u);
      b.cost()[0] += u.cost(hashLimit);
      q.add(b);
    }
    all.sort(Comparator.comparingLong((Bin b) -> b.cost()[0]).reversed());
    List<List<Unit>> out = new ArrayList<>();
    for (Bin b : all) {
      if (!b.units().isEmpty() || out.isEmpty()) {
        out.add(b.units());
      }
    }
    return out;
  }
}
