package dev.modelgate.format.archive;

import dev.modelgate.io.ByteSource;
import dev.modelgate.scan.Finding;
import dev.modelgate.scan.Verdict;
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

  private ZipLayout() {}

  static void check(ByteSource src, EndRecord end, List<ZipEntry> entries,
      List<Finding> anomalies) throws IOException {
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
      }
      prev = Math.max(prev, e.dataEnd());
      prevDescriptor = (e.localFlags() & 1 << 3) != 0;
    }
    long tailGap = cdStart - prev;
    if (!placed.isEmpty() && tailGap > (prevDescriptor ? MAX_DESCRIPTOR : 0)) {
      unreferenced(anomalies, prev, tailGap, false);
    }
  }

  private static void unreferenced(List<Finding> anomalies, long at, long len, boolean first) {
    anomalies.add(new Finding(first ? "zip.prefix-data" : "zip.unreferenced-data",
        Verdict.SUSPICIOUS, len + " bytes " + (first ? "before the first member" : "that no member"
            + " accounts for") + "; data hidden from the directory can be read by other tools",
        ZipArchive.at(at), ""));
  }
}
