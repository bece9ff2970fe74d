package dev.modelgate.format.archive;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.Limits;
import dev.modelgate.io.SourceReader;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The End Of Central Directory record (and its ZIP64 record when present): where the central
 * directory is, how long, how many entries.
 *
 * @param eocdOffset offset of the classic EOCD record
 * @param entryCount entries the directory declares
 * @param cdOffset offset of the first central-directory header (after any prefix shift)
 * @param cdSize declared size of the central directory
 * @param cdLimit where the directory must end: the ZIP64 record or the EOCD
 * @param shift bytes of data prepended to the archive that stated offsets do not count
 */
record EndRecord(long eocdOffset, long entryCount, long cdOffset, long cdSize, long cdLimit,
    long shift) {

  /**
   * Offsets of end-record signatures in the last 64 KiB + 22 bytes, nearest the end first (the
   * one miniz and zipfile use). Searching back is bounded by the longest possible comment.
   */
  static List<Long> candidates(ByteSource src) throws IOException {
    long size = src.size();
    if (size < ZipArchive.EOCD_SIZE) {
      throw new InvalidInputException("zip.truncated", "shorter than an end-of-central-directory"
          + " record (" + size + " bytes)", "");
    }
    int tailLen = (int) Math.min(size, ZipArchive.MAX_COMMENT + ZipArchive.EOCD_SIZE);
    long tailStart = size - tailLen;
    byte[] tail = src.bytes(tailStart, tailLen);
    List<Long> found = new ArrayList<>();
    // byte compares on the array: this loop visits every offset of a small file's tail, and
    // a bounds-checked little-endian int read at each was a seventh of scanning a small zip
    byte s0 = (byte) ZipArchive.EOCD_SIG;
    byte s1 = (byte) (ZipArchive.EOCD_SIG >>> 8);
    byte s2 = (byte) (ZipArchive.EOCD_SIG >>> 16);
    byte s3 = (byte) (ZipArchive.EOCD_SIG >>> 24);
    for (int k = tailLen - ZipArchive.EOCD_SIZE; k >= 0; k--) {
      if (tail[k] == s0 && tail[k + 1] == s1 && tail[k + 2] == s2 && tail[k + 3] == s3) {
        found.add(tailStart + k);
      }
    }
    if (found.isEmpty()) {
      throw new InvalidInputException("zip.no-end-record",
          "no end-of-central-directory record in the last " + tailLen + " bytes", "");
    }
    return found;
  }

  /** Reads the end record at {@code eocd} (and its ZIP64 record) and checks it against the file. */
  static EndRecord parse(ByteSource src, long eocd, Limits limits, List<Finding> anomalies)
      throws IOException {
    long size = src.size();
    SourceReader r = ZipArchive.reader(src, eocd + 4);
    int disk = r.u16();
    int cdDisk = r.u16();
    long onDisk = r.u16();
    long total = r.u16();
    long cdSize = r.u32();
    long cdOffset = r.u32();
    int commentLen = r.u16();
    if (eocd + ZipArchive.EOCD_SIZE + commentLen != size) {
      anomalies.add(new Finding("zip.trailing-data", Verdict.SUSPICIOUS,
          "archive comment length " + commentLen + " does not reach the end of the file ("
              + (size - eocd - ZipArchive.EOCD_SIZE) + " bytes follow the record)",
          ZipArchive.at(eocd), ""));
    }
    long cdLimit = eocd;
    if (eocd >= 20 && readInt(src, eocd - 20) == ZipArchive.Z64_LOCATOR_SIG) {
      SourceReader l = ZipArchive.reader(src, eocd - 16);
      long z64Disk = l.u32();
      long z64Offset = l.u64();
      if (z64Disk != 0 || z64Offset < 0 || z64Offset > eocd - 20 - 56) {
        throw new InvalidInputException("zip.zip64-record", "ZIP64 locator points to "
            + Long.toUnsignedString(z64Offset) + ", outside the file", ZipArchive.at(eocd - 20));
      }
      SourceReader z = ZipArchive.reader(src, z64Offset);
      if (z.i32() != ZipArchive.Z64_EOCD_SIG) {
        throw new InvalidInputException("zip.zip64-record", "no ZIP64 end record where the"
            + " locator points", ZipArchive.at(z64Offset));
      }
      z.skip(8 + 2 + 2); // record size, version made by, version needed
      disk = (int) z.u32();
      cdDisk = (int) z.u32();
      onDisk = z.u64();
      total = z.u64();
      cdSize = z.u64();
      cdOffset = z.u64();
      cdLimit = z64Offset;
    }
    if (disk != 0 || cdDisk != 0 || onDisk != total) {
      throw new InvalidInputException("zip.multi-disk",
          "split/multi-disk archives are not accepted", ZipArchive.at(eocd));
    }
    if (total < 0 || total > limits.maxMembers()) {
      throw new InvalidInputException("zip.entry-count", "declares "
          + Long.toUnsignedString(total) + " entries, limit " + limits.maxMembers(),
          ZipArchive.at(eocd));
    }
    if (cdSize < 0 || cdOffset < 0 || cdSize > cdLimit || cdOffset > cdLimit - cdSize) {
      throw new InvalidInputException("zip.central-directory-range", "central directory "
          + Long.toUnsignedString(cdOffset) + "+" + Long.toUnsignedString(cdSize)
          + " lies outside the file before its end record at " + cdLimit, ZipArchive.at(eocd));
    }
    if (total * 46 > cdSize) {
      // Not fatal: the directory is read until it runs out, and those entries are scanned.
      anomalies.add(new Finding("zip.entry-count", Verdict.INVALID, total + " entries cannot fit"
          + " in a " + cdSize + "-byte central directory", ZipArchive.at(eocd), ""));
    }
    long shift = cdLimit - cdOffset - cdSize;
    if (shift > 0) {
      // Python's zipfile treats such a gap as prepended data and shifts every offset by it;
      // miniz does not. Both views are possible, so the caller checks which one holds.
      anomalies.add(new Finding("zip.prefix-data", Verdict.SUSPICIOUS, shift
          + " bytes between the central directory and its end record; readers disagree on"
          + " where members start", ZipArchive.at(cdOffset + cdSize), ""));
    }
    return new EndRecord(eocd, total, cdOffset, cdSize, cdLimit, shift);
  }

  private static int readInt(ByteSource src, long pos) throws IOException {
    return ByteBuffer.wrap(src.bytes(pos, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }

  /** Offset of the central directory as located, trying the prefix shift when it fits. */
  long directoryStart(ByteSource src) throws IOException {
    if (shift > 0 && readInt(src, cdOffset) != ZipArchive.CEN_SIG
        && readInt(src, cdOffset + shift) == ZipArchive.CEN_SIG) {
      return cdOffset + shift;
    }
    return cdOffset;
  }
}
