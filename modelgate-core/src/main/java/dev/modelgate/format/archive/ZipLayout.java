package dev.modelgate.format.archive;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.SourceReader;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks how entries lie in the file: duplicate names (readers pick different ones), overlapping
 * entries (the non-recursive zip bomb, or one member's bytes read as another's), and bytes no
 * entry accounts for (prefix data, hidden payloads between members).
 */
final class ZipLayout {
  /** A data descriptor after deflated data: optional signature, CRC, two sizes (8 with ZIP64). */
  private static final int MAX_DESCRIPTOR = 24;
  /** Hidden local entries recovered from gaps; a few are enough to reveal the technique. */
  private static final int MAX_HIDDEN = 64;

  private ZipLayout() {}

  /**
   * Records layout anomalies; returns the entries found only by their local headers in bytes no
   * directory entry accounts for (streaming readers such as ZipInputStream see them, loaders that
   * read the directory do not), so they can be scanned too.
   */
  @SuppressWarnings("ReferenceEquality") // e == placed.get(0): this very entry is the first one
  static List<ZipEntry> check(ByteSource src, EndRecord end, List<ZipEntry> entries,
      List<Finding> anomalies) throws IOException {
    List<ZipEntry> hidden = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (ZipEntry e : entries) {
      if (!names.add(e.name())) {
        anomalies.add(new Finding("zip.duplicate-name", Verdict.INVALID, "member name "
            + e.name() + " appears more than once; readers disagree on which copy is loaded",
            ZipArchive.at(e.localHeaderOffset()), ""));
      }
    }
    List<ZipEntry> placed = new ArrayList<>();
    for (ZipEntry e : entries) {
      if (e.dataOffset() >= 0) {
        placed.add(e);
      }
    }
    placed.sort(Comparator.comparingLong(ZipEntry::localHeaderOffset));
    long cdStart = end.directoryStart(src);
    long expected = cdStart - end.cdOffset(); // 0 unless the archive has a Python-style prefix
    long prev = expected;
    boolean prevDescriptor = false;
    for (ZipEntry e : placed) {
      long gap = e.localHeaderOffset() - prev;
      if (gap < 0) {
        anomalies.add(new Finding("zip.overlap", Verdict.INVALID, "member " + e.name()
            + " starts inside the previous member's data; overlapping entries are a"
            + " decompression-bomb and differential technique", ZipArchive.at(e.localHeaderOffset()),
            ""));
      } else if (gap > (prevDescriptor ? MAX_DESCRIPTOR : 0)) {
        unreferenced(anomalies, prev, gap, prev == expected && e == placed.get(0));
        hiddenLocal(src, prev, e.localHeaderOffset(), hidden, anomalies);
      }
      prev = Math.max(prev, e.dataEnd());
      prevDescriptor = (e.localFlags() & 1 << 3) != 0;
    }
    long tailGap = cdStart - prev;
    if (!placed.isEmpty() && tailGap > (prevDescriptor ? MAX_DESCRIPTOR : 0)) {
      unreferenced(anomalies, prev, tailGap, false);
      hiddenLocal(src, prev, cdStart, hidden, anomalies);
    }
    return hidden;
  }

  /** Local entries packed back to back in {@code [from, to)}, as a streaming reader finds them. */
  private static void hiddenLocal(ByteSource src, long from, long to, List<ZipEntry> hidden,
      List<Finding> anomalies) throws IOException {
    long at = skipDescriptor(src, from, to);
    while (at + 30 <= to && hidden.size() < MAX_HIDDEN) {
      SourceReader r = ZipArchive.reader(src, at);
      if (r.i32() != ZipArchive.LOC_SIG) {
        return;
      }
      r.skip(2);
      int flags = r.u16();
      int method = r.u16();
      r.skip(4);
      long crc = r.u32();
      long csize = r.u32();
      long usize = r.u32();
      int nameLen = r.u16();
      int extraLen = r.u16();
      long data = at + 30 + nameLen + extraLen;
      if (data > to || csize > to - data) {
        return;
      }
      String name = CentralDirectory.decode(r.bytes(nameLen), flags);
      boolean readable = (flags & 1 << 3) == 0 && (flags & 1) == 0
          && (method == ZipEntry.STORED || method == ZipEntry.DEFLATED)
          && (method != ZipEntry.STORED || csize == usize);
      anomalies.add(new Finding("zip.hidden-entry", Verdict.SUSPICIOUS, "local entry " + name
          + " is not in the central directory: streaming readers extract it, loaders do not",
          ZipArchive.at(at), ""));
      hidden.add(new ZipEntry(-1, name, method, flags, flags, crc, csize, usize, at, data,
          readable));
      if (!readable) {
        return; // its end is unknown
      }
      at = data + csize;
    }
  }

  private static long skipDescriptor(ByteSource src, long from, long to) throws IOException {
    if (from + 4 <= to && ZipArchive.reader(src, from).i32() == 0x08074b50) {
      return Math.min(to, from + 16);
    }
    return from;
  }

  private static void unreferenced(List<Finding> anomalies, long at, long len, boolean first) {
    anomalies.add(new Finding(first ? "zip.prefix-data" : "zip.unreferenced-data",
        Verdict.SUSPICIOUS, len + " bytes " + (first ? "before the first member" : "that no member"
            + " accounts for") + "; data hidden from the directory can be read by other tools",
        ZipArchive.at(at), ""));
  }
}
