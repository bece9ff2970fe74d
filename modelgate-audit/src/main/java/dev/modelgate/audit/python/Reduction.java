package dev.modelgate.audit.python;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * The text tree-sitter is given: the file with each function or class body that no rule can
 * need cut out and replaced by {@code pass} ({@code def f(x):} + {@code  pass}), so that the
 * parser never sees it. Offsets in the parsed text map back to the file's own offsets, so
 * findings, evidence and line numbers are those of the file; everything inside a cut maps to
 * where the cut starts, so a cut body's {@code block} node is recognised by its start.
 */
final class Reduction {
  private static final byte[] PASS = " pass".getBytes(StandardCharsets.US_ASCII);

  final byte[] text;
  /** Which outline bodies were cut (indices into the outline's bodies), ascending. */
  final int[] cut;
  private final int[] cutStart;
  /** Segments of {@link #text}: where each starts there and in the file, and whether it is a
   * {@code pass} standing for a cut. */
  private final int[] segText;
  private final int[] segFile;
  private final boolean[] segPass;

  private Reduction(byte[] text, int[] cut, int[] cutStart, int[] segText, int[] segFile,
      boolean[] segPass) {
    this.text = text;
    this.cut = cut;
    this.cutStart = cutStart;
    this.segText = segText;
    this.segFile = segFile;
    this.segPass = segPass;
  }

  /** The whole file. */
  static Reduction none(byte[] src) {
    return new Reduction(src, new int[0], new int[0], new int[] {0}, new int[] {0},
        new boolean[] {false});
  }

  /**
   * Cuts every outermost body that holds no occurrence of {@code bodyWords} and is not in
   * {@code keep} (bodies nested in a cut go with it).
   */
  static Reduction of(byte[] src, Outline o, boolean[] bodyWords, Set<Integer> keep) {
    int[] cut = new int[o.bodies()];
    int cuts = 0;
    int skipUntil = -1;
    for (int k = 0; k < o.bodies(); k++) {
      int s = o.bodyStart()[k];
      int e = o.bodyEnd()[k];
      if (s < skipUntil || e <= s || keep.contains(k) || o.anyIn(bodyWords, s, e)) {
        continue;
      }
      cut[cuts++] = k;
      skipUntil = e;
    }
    if (cuts == 0) {
      return none(src);
    }
    cut = Arrays.copyOf(cut, cuts);
    int removed = 0;
    for (int k : cut) {
      removed += o.bodyEnd()[k] - o.bodyStart()[k] - PASS.length;
    }
    byte[] text = new byte[src.length - removed];
    int[] segText = new int[2 * cuts + 1];
    int[] segFile = new int[2 * cuts + 1];
    boolean[] segPass = new boolean[2 * cuts + 1];
    int[] cutStart = new int[cuts];
    int from = 0;
    int to = 0;
    int seg = 0;
    for (int c = 0; c < cuts; c++) {
      int s = o.bodyStart()[cut[c]];
      int e = o.bodyEnd()[cut[c]];
      segText[seg] = to;
      segFile[seg++] = from;
      System.arraycopy(src, from, text, to, s - from);
      to += s - from;
      segText[seg] = to;
      segFile[seg] = s;
      segPass[seg++] = true;
      System.arraycopy(PASS, 0, text, to, PASS.length);
      to += PASS.length;
      cutStart[c] = s;
      from = e;
    }
    segText[seg] = to;
    segFile[seg] = from;
    System.arraycopy(src, from, text, to, src.length - from);
    return new Reduction(text, cut, cutStart, segText, segFile, segPass);
  }

  boolean reduces() {
    return cut.length > 0;
  }

  /** The file offset of offset {@code t} of {@link #text}. */
  int fileOffset(int t) {
    if (cut.length == 0) {
      return t;
    }
    int k = Arrays.binarySearch(segText, t);
    if (k < 0) {
      k = -k - 2;
    } else {
      // empty segments share a start: the last of them is the one that holds t
      while (k + 1 < segText.length && segText[k + 1] == t) {
        k++;
      }
    }
    return segPass[k] ? segFile[k] : segFile[k] + (t - segText[k]);
  }

  /** The outline body index cut at file offset {@code at}, or -1. */
  int cutAt(int at) {
    int k = Arrays.binarySearch(cutStart, at);
    return k >= 0 ? cut[k] : -1;
  }
}
