package dev.modelgate.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Splits units into tasks of about equal cost (bytes a scan reads, see {@link Unit#cost}), not by
 * folder: longest-processing-time-first, each item, largest first, into the lightest task so
 * far. An item is one unit, or a group of same-sized files that must share a task so that it
 * can scan identical bytes once. Tasks come out heaviest first, the order Spark starts them in,
 * so a big task never starts last.
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
    long byCost = (cost(units, hashLimit) + TASK_COST - 1) / TASK_COST;
    return (int) Math.min(units.size(), Math.max(2L * parallelism, byCost));
  }

  static long cost(List<Unit> units, long hashLimit) {
    long total = 0;
    for (Unit u : units) {
      total += u.cost(hashLimit);
    }
    return total;
  }

  /** Units packed one by one. */
  static List<List<Unit>> bins(List<Unit> units, int n, long hashLimit) {
    return packGroups(units.stream().map(List::of).toList(), n, hashLimit);
  }

  /** Groups packed whole: a group's units end up next to each other in one task, in order. */
  static List<List<Unit>> packGroups(List<List<Unit>> groups, int n, long hashLimit) {
    record Item(List<Unit> units, long cost, String first) {}
    List<Item> sorted = new ArrayList<>();
    for (List<Unit> g : groups) {
      if (!g.isEmpty()) {
        sorted.add(new Item(g, cost(g, hashLimit), g.get(0).path()));
      }
    }
    sorted.sort(Comparator.comparingLong(Item::cost).reversed().thenComparing(Item::first));
    @SuppressWarnings("ArrayRecordComponent") // cost is a mutable cell, never compared
    record Bin(int index, List<Unit> units, long[] cost) {}
    PriorityQueue<Bin> q = new PriorityQueue<>(Comparator.comparingLong((Bin b) -> b.cost()[0])
        .thenComparingInt(Bin::index));
    List<Bin> all = new ArrayList<>();
    for (int i = 0; i < Math.max(1, n); i++) {
      Bin b = new Bin(i, new ArrayList<>(), new long[1]);
      q.add(b);
      all.add(b);
    }
    for (Item it : sorted) {
      Bin b = q.poll();
      b.units().addAll(it.units());
      b.cost()[0] += it.cost();
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
