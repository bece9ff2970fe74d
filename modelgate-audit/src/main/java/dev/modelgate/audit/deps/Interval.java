package dev.modelgate.audit.deps;

import java.util.ArrayList;
import java.util.List;

/**
 * An interval of versions in PEP 440 order; a null bound is unbounded. Used to decide whether a
 * requirement's allowed range and an advisory's affected range share a version.
 */
record Interval(Version low, boolean lowIncl, Version high, boolean highIncl) {
  static final Interval ALL = new Interval(null, false, null, false);

  static Interval point(Version v) {
    return new Interval(v, true, v, true);
  }

  boolean isEmpty() {
    if (low == null || high == null) {
      return false;
    }
    int c = low.compareTo(high);
    return c > 0 || (c == 0 && !(lowIncl && highIncl));
  }

  boolean contains(Version v) {
    if (low != null) {
      int c = v.compareTo(low);
      if (c < 0 || (c == 0 && !lowIncl)) {
        return false;
      }
    }
    if (high != null) {
      int c = v.compareTo(high);
      return c < 0 || (c == 0 && highIncl);
    }
    return true;
  }

  Interval intersect(Interval o) {
    Version lo = low;
    boolean loIn = lowIncl;
    if (o.low != null && (lo == null || o.low.compareTo(lo) > 0
        || (o.low.compareTo(lo) == 0 && !o.lowIncl))) {
      lo = o.low;
      loIn = o.lowIncl;
    }
    Version hi = high;
    boolean hiIn = highIncl;
    if (o.high != null && (hi == null || o.high.compareTo(hi) < 0
        || (o.high.compareTo(hi) == 0 && !o.highIncl))) {
      hi = o.high;
      hiIn = o.highIncl;
    }
    return new Interval(lo, loIn, hi, hiIn);
  }

  List<Interval> complement() {
    List<Interval> out = new ArrayList<>(2);
    if (low != null) {
      out.add(new Interval(null, false, low, !lowIncl));
    }
    if (high != null) {
      out.add(new Interval(high, !highIncl, null, false));
    }
    return out;
  }

  /** The intersection of two unions of intervals, without empty parts. */
  static List<Interval> intersect(List<Interval> a, List<Interval> b) {
    List<Interval> out = new ArrayList<>();
    for (Interval x : a) {
      for (Interval y : b) {
        Interval z = x.intersect(y);
        if (!z.isEmpty()) {
          out.add(z);
        }
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return (low == null ? "(-inf" : (lowIncl ? "[" : "(") + low) + ", "
        + (high == null ? "+inf)" : high + (highIncl ? "]" : ")"));
  }
}
