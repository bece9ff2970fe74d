package dev.modelgate.format.archive;

import dev.modelgate.io.Budget;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.Limits;
import dev.modelgate.io.SourceReader;
import dev.modelgate.io.Spill;
import dev.modelgate.rules.Finding;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * A ZIP file read the way PyTorch's miniz reader (and Python's zipfile) read it: End Of Central
 * Directory found by searching back from the end, ZIP64 locator/record when present, then the
 * central directory, then each entry's local header for its data offset. Never a streaming reader:
 * streaming readers trust local headers and refuse or misread archives other loaders accept, and
 * such parser differentials are an evasion technique. Everything readers could disagree about is
 * recorded as an anomaly ({@link #anomalies()}) while every member that can be read stays
 * readable, so a differential cannot hide a payload from the scan.
 */
public final class ZipArchive {
  static final int LOC_SIG = 0x04034b50;
  static final int CEN_SIG = 0x02014b50;
  static final int EOCD_SIG = 0x06054b50;
  static final int Z64_LOCATOR_SIG = 0x07064b50;
  static final int Z64_EOCD_SIG = 0x06064b50;
  static final int EOCD_SIZE = 22;
  static final int MAX_COMMENT = 0xffff;
  /** Longest member name accepted; real names are far shorter, PATH_MAX is 4096. */
  static final int MAX_NAME = 4096;
  /** End-record signatures tried; more than a handful is itself hostile. */
  static final int MAX_END_RECORDS = 4;

  private final ByteSource src;
  private final List<ZipEntry> entries;
  private final List<Finding> anomalies;

  private ZipArchive(ByteSource src, List<ZipEntry> entries, List<Finding> anomalies) {
    this.src = src;
    this.entries = entries;
    this.anomalies = anomalies;
  }

  /**
   * Reads the directory of a ZIP file. Throws {@link InvalidInputException} only when no central
   * directory can be located at all; every other problem becomes an anomaly.
   */
  public static ZipArchive read(ByteSource src, Limits limits) throws IOException {
    List<Finding> anomalies = new ArrayList<>();
    List<Long> candidates = EndRecord.candidates(src);
    // The record nearest the end is the one loaders use; if it is broken, the next that reads.
    EndRecord end = null;
    InvalidInputException firstError = null;
    int used = 0;
    for (; used < candidates.size() && used < MAX_END_RECORDS && end == null; used++) {
      List<Finding> scratch = new ArrayList<>();
      try {
        end = EndRecord.parse(src, candidates.get(used), limits, scratch);
        anomalies.addAll(scratch);
      } catch (InvalidInputException e) {
        firstError = firstError == null ? e : firstError;
      }
    }
    if (end == null) {
      throw firstError;
    }
    if (firstError != null) {
      anomalies.add(new Finding(firstError.rule(), Verdict.INVALID, "the last end record is"
          + " broken (" + firstError.getMessage() + "); an earlier one was used",
          firstError.location(), ""));
    }
    List<ZipEntry> entries = new CentralDirectory(src, end, limits, anomalies).read();
    // A signature inside a member's data is that member's content (a stored nested zip, as in
    // torch.export .pt2 archives); it is scanned as a member, and any directory it leads to is
    // still compared below, so only signatures outside every member are an anomaly.
    long eocdUsed = end.eocdOffset();
    List<Long> stray = candidates.stream()
        .filter(c -> c != eocdUsed && entries.stream().noneMatch(e -> e.dataOffset() >= 0
            && c >= e.dataOffset() && c + EOCD_SIZE <= e.dataEnd()))
        .toList();
    if (!stray.isEmpty()) {
      anomalies.add(new Finding("zip.multiple-end-records", Verdict.SUSPICIOUS, candidates.size()
          + " end-of-central-directory signatures; readers that pick another one see other"
          + " members", at(stray.get(0)), ""));
    }
    // Other end records may describe other directories: their members are scanned too, so a
    // payload visible to one reader is never hidden by picking the other record.
    // A record inside a stored member's data belongs to a nested archive, which is scanned as
    // that member; reading it here too would rescan every level once per level above it.
    List<Long> others = new ArrayList<>();
    for (int k = 0; k < candidates.size() && k < MAX_END_RECORDS; k++) {
      long at = candidates.get(k);
      if (at != end.eocdOffset() && entries.stream().noneMatch(e -> inStoredData(e, at))) {
        others.add(at);
      }
    }
    if (!others.isEmpty()) {
      anomalies.add(0, new Finding("zip.multiple-end-records", Verdict.SUSPICIOUS,
          others.size() + 1 + " end-of-central-directory signatures; readers that pick another"
          + " one see other members", at(others.get(0)), ""));
    }
    for (long at : others) {
      alternative(src, at, limits, entries, anomalies);
    }
    entries.addAll(ZipLayout.check(src, end, entries, anomalies));
    return new ZipArchive(src, Collections.unmodifiableList(entries), anomalies);
  }

  private static void alternative(ByteSource src, long eocd, Limits limits,
      List<ZipEntry> entries, List<Finding> anomalies) throws IOException {
    List<Finding> scratch = new ArrayList<>();
    List<ZipEntry> more;
    try {
      more = new CentralDirectory(src, EndRecord.parse(src, eocd, limits, scratch), limits,
          scratch).read();
    } catch (InvalidInputException e) {
      return; // a signature that leads nowhere: already reported as a second end record
    }
    // a set, not a scan of the list: two directories of 100k entries each must stay linear
    java.util.Set<String> known = new java.util.HashSet<>();
    for (ZipEntry x : entries) {
      known.add(x.localHeaderOffset() + "/" + x.name());
    }
    for (ZipEntry e : more) {
      if (known.add(e.localHeaderOffset() + "/" + e.name())
          && entries.size() < limits.maxMembers()) {
        anomalies.add(new Finding("zip.hidden-entry", Verdict.SUSPICIOUS, "member " + e.name()
            + " is listed only by another end record's directory; some readers see it, others"
            + " do not", at(e.localHeaderOffset()), ""));
        entries.add(e);
      }
    }
  }

  private static boolean inStoredData(ZipEntry e, long offset) {
    return e.method() == ZipEntry.STORED && e.dataOffset() >= 0 && offset >= e.dataOffset()
        && offset - e.dataOffset() < e.compressedSize();
  }

  public List<ZipEntry> entries() {
    return entries;
  }

  /** The first entry with this exact name (duplicates are reported as anomalies). */
  public Optional<ZipEntry> entry(String name) {
    for (ZipEntry e : entries) {
      if (e.name().equals(name)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** What readers could disagree about, as findings; grows as members are read (CRC checks). */
  public List<Finding> anomalies() {
    return Collections.unmodifiableList(anomalies);
  }

  /** Adds every anomaly to the scan. */
  public void report(ScanContext ctx) {
    for (Finding f : anomalies) {
      ctx.add(f);
    }
  }

  /**
   * The member's bytes: a zero-copy window for stored members, an inflated copy (bomb-checked
   * through the budget, never longer than the declared size) for deflated ones.
   */
  public ByteSource open(ZipEntry e, Budget budget, String location) throws IOException {
    if (!e.readable()) {
      throw new InvalidInputException("zip.unreadable-member",
          "member " + e.name() + " cannot be extracted safely", location);
    }
    ByteSource raw = src.slice(e.dataOffset(), e.compressedSize());
    if (e.method() == ZipEntry.STORED) {
      return raw;
    }
    Inflater inf = new Inflater(true);
    try (InputStream in = new Bounded(new InflaterInputStream(new SourceStream(raw), inf, 8192),
        e, location)) {
      return Spill.drain(in, e.compressedSize(), src.name() + "!/" + e.name(), budget, location);
    } catch (ZipException | java.io.EOFException z) {
      throw new InvalidInputException("zip.inflate", "member " + e.name()
          + " does not inflate: " + z.getMessage(), location);
    } finally {
      inf.end();
    }
  }

  /**
   * Reads a small metadata member fully and checks its CRC (a mismatch makes loaders refuse the
   * member, so it is recorded as invalid, but the bytes are still returned for scanning).
   */
  public byte[] readSmall(ZipEntry e, Budget budget, int max, String location) throws IOException {
    if (e.uncompressedSize() > max) {
      throw new InvalidInputException("zip.member-size", "member " + e.name() + " declares "
          + e.uncompressedSize() + " bytes, more than the " + max + " read for metadata", location);
    }
    try (ByteSource s = open(e, budget, location)) {
      if (s.size() > max) {
        throw new InvalidInputException("zip.member-size", "member " + e.name()
            + " is larger than " + max + " bytes", location);
      }
      byte[] b = s.bytes(0, (int) s.size());
      CRC32 crc = new CRC32();
      crc.update(b);
      if (crc.getValue() != e.crc() || b.length != e.uncompressedSize()) {
        anomalies.add(new Finding("zip.crc-mismatch", Verdict.INVALID, "member " + e.name()
            + " does not match its CRC-32/size; loaders reject or disagree on it", location, ""));
      }
      return b;
    }
  }

  static String at(long offset) {
    return "@" + offset;
  }

  static SourceReader reader(ByteSource src, long pos) {
    return new SourceReader(src, pos, "zip", "");
  }

  /** Stops an inflating stream at the declared size: more data means the headers lie. */
  private static final class Bounded extends InputStream {
    private final InputStream in;
    private final ZipEntry e;
    private final String location;
    private long produced;

    Bounded(InputStream in, ZipEntry e, String location) {
      this.in = in;
      this.e = e;
      this.location = location;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        produced += n;
        if (produced > e.uncompressedSize()) {
          throw new InvalidInputException("zip.size-mismatch", "member " + e.name()
              + " inflates to more than its declared " + e.uncompressedSize() + " bytes",
              location);
        }
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
