package dev.modelgate.format.archive;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.Limits;
import dev.modelgate.io.SourceReader;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The central directory's file headers and, for each, its local file header. A broken header
 * ends the directory with an anomaly; the entries read before it are kept and scanned.
 */
final class CentralDirectory {
  private static final Charset CP437 =
      Charset.isSupported("IBM437") ? Charset.forName("IBM437") : StandardCharsets.ISO_8859_1;
  private static final long U32_MAX = 0xffffffffL;
  /** Flag bits a normal archive uses: deflate options (1, 2), data descriptor (3), UTF-8 (11). */
  private static final int ORDINARY_FLAGS = 1 << 1 | 1 << 2 | 1 << 3 | 1 << 11;
  private static final int ENCRYPTION_FLAGS = 1 | 1 << 6 | 1 << 13;

  private final ByteSource src;
  private final EndRecord end;
  private final Limits limits;
  private final List<Finding> anomalies;

  CentralDirectory(ByteSource src, EndRecord end, Limits limits, List<Finding> anomalies) {
    this.src = src;
    this.end = end;
    this.limits = limits;
    this.anomalies = anomalies;
  }

  List<ZipEntry> read() throws IOException {
    long start = end.directoryStart(src);
    long shift = start - end.cdOffset(); // Python-style prefix shift, applied to local offsets too
    long cdEnd = start + end.cdSize();
    SourceReader r = ZipArchive.reader(src, start);
    List<ZipEntry> out = new ArrayList<>();
    for (int i = 0; i < end.entryCount(); i++) {
      long at = r.position();
      try {
        out.add(entry(r, i, shift, start, cdEnd));
      } catch (InvalidInputException e) {
        anomalies.add(new Finding("zip.central-directory", Verdict.INVALID, "central directory"
            + " entry " + i + " of " + end.entryCount() + " is broken (" + e.getMessage()
            + "); only the " + i + " entries before it are read", ZipArchive.at(at), ""));
        break;
      }
    }
    return out;
  }

  private ZipEntry entry(SourceReader r, int index, long shift, long cdStart, long cdEnd)
      throws IOException {
    long at = r.position();
    if (at + 46 > cdEnd || r.i32() != ZipArchive.CEN_SIG) {
      throw new InvalidInputException("zip.central-directory", "no file header signature",
          ZipArchive.at(at));
    }
    r.skip(4); // version made by, version needed
    int flags = r.u16();
    int method = r.u16();
    r.skip(4); // time, date
    long crc = r.u32();
    long csize = r.u32();
    long usize = r.u32();
    int nameLen = r.u16();
    int extraLen = r.u16();
    int commentLen = r.u16();
    r.skip(8); // disk start, internal attributes, external attributes
    long lho = r.u32();
    if (r.position() + nameLen + extraLen + commentLen > cdEnd) {
      throw new InvalidInputException("zip.central-directory",
          "file header runs past the end of the central directory", ZipArchive.at(at));
    }
    byte[] rawName = r.bytes(nameLen);
    SourceReader x = ZipArchive.reader(src.slice(r.position(), extraLen), 0);
    r.skip(extraLen);
    r.skip(commentLen);
    // ZIP64 extended information: only the fields whose 32-bit slot is saturated, in order.
    while (x.remaining() >= 4) {
      int id = x.u16();
      int len = x.u16();
      if (len > x.remaining()) {
        anomaly("zip.extra-field", Verdict.INVALID, "extra field runs past its header", at);
        break;
      }
      long fieldEnd = x.position() + len;
      if (id == 0x0001) {
        if (usize == U32_MAX && x.position() + 8 <= fieldEnd) {
          usize = x.u64();
        }
        if (csize == U32_MAX && x.position() + 8 <= fieldEnd) {
          csize = x.u64();
        }
        if (lho == U32_MAX && x.position() + 8 <= fieldEnd) {
          lho = x.u64();
        }
      }
      x.seek(fieldEnd);
    }
    String name = decode(rawName, flags);
    if (nameLen > ZipArchive.MAX_NAME) {
      anomaly("zip.name-length", Verdict.INVALID, "member name of " + nameLen + " bytes", at);
    }
    if (name.indexOf('\0') >= 0) {
      // Python's zipfile cuts names at NUL, other readers keep them: two different names.
      anomaly("zip.name-nul", Verdict.INVALID, "member name contains a NUL byte: " + name, at);
    }
    checkFlags(flags, "central directory", name, at, true);
    boolean readable = true;
    if (method != ZipEntry.STORED && method != ZipEntry.DEFLATED) {
      readable = false;
      anomaly("zip.unsupported-method", Verdict.SUSPICIOUS, "member " + name
          + " uses compression method " + method + "; its content is not scanned", at);
    }
    if (usize < 0 || csize < 0 || lho < 0) {
      anomaly("zip.entry-range", Verdict.INVALID, "member " + name
          + " declares sizes or offsets beyond 2^63", at);
      return new ZipEntry(index, name, method, flags, -1, crc, 0, 0, 0, -1, false);
    }
    if (method == ZipEntry.DEFLATED && usize > limits.ratioFloor()
        && usize / Math.max(1, csize) > limits.maxRatio()) {
      readable = false;
      anomaly("zip.decompression-bomb", Verdict.INVALID, "member " + name + " declares "
          + csize + " bytes expanding to " + usize + " (ratio over " + limits.maxRatio() + ":1)",
          at);
    }
    if (method == ZipEntry.STORED && csize != usize) {
      anomaly("zip.header-mismatch", Verdict.INVALID, "stored member " + name + " declares "
          + csize + " stored but " + usize + " uncompressed bytes", at);
    }
    long local = lho + shift;
    return local(index, name, rawName, method, flags, crc, csize, usize, local, cdStart, readable);
  }

  /** Reads the local header and compares it with the central one. */
  private ZipEntry local(int index, String name, byte[] rawName, int method, int flags, long crc,
      long csize, long usize, long lho, long cdStart, boolean readable) throws IOException {
    if (lho > cdStart - 30) {
      anomaly("zip.entry-range", Verdict.INVALID, "local header of " + name + " at " + lho
          + " is not before the central directory at " + cdStart, lho);
      return new ZipEntry(index, name, method, flags, -1, crc, csize, usize, lho, -1, false);
    }
    SourceReader r = ZipArchive.reader(src, lho);
    if (r.i32() != ZipArchive.LOC_SIG) {
      anomaly("zip.local-header", Verdict.INVALID, "no local file header for " + name + " at "
          + lho, lho);
      return new ZipEntry(index, name, method, flags, -1, crc, csize, usize, lho, -1, false);
    }
    r.skip(2); // version needed
    int lflags = r.u16();
    int lmethod = r.u16();
    r.skip(4);
    long lcrc = r.u32();
    long lcsize = r.u32();
    long lusize = r.u32();
    int lnameLen = r.u16();
    int lextraLen = r.u16();
    long dataOffset = lho + 30 + lnameLen + lextraLen;
    if (dataOffset > cdStart) {
      anomaly("zip.entry-range", Verdict.INVALID, "local header of " + name
          + " runs into the central directory", lho);
      return new ZipEntry(index, name, method, flags, lflags, crc, csize, usize, lho, -1, false);
    }
    byte[] lname = r.bytes(lnameLen);
    if (!Arrays.equals(lname, rawName)) {
      anomaly("zip.header-mismatch", Verdict.INVALID, "local header names " + name + " as "
          + decode(lname, lflags) + "; readers disagree on which member this is", lho);
    }
    if (lmethod != method) {
      anomaly("zip.header-mismatch", Verdict.INVALID, "member " + name + " has method " + method
          + " in the central directory but " + lmethod + " in its local header", lho);
    }
    if ((lflags & 1 << 3) == 0 && (lcrc != crc || sizeMismatch(lcsize, csize)
        || sizeMismatch(lusize, usize))) {
      anomaly("zip.header-mismatch", Verdict.INVALID, "member " + name
          + " has different CRC or sizes in its local header and the central directory", lho);
    }
    if (lflags != flags) {
      anomaly("zip.flag-mismatch", Verdict.SUSPICIOUS, String.format("member %s has flags 0x%04x"
          + " in its local header but 0x%04x in the central directory; streaming readers see"
          + " another archive than loaders do", name, lflags, flags), lho);
    }
    checkFlags(lflags, "local header", name, lho, (flags & ENCRYPTION_FLAGS) != 0);
    if (csize > cdStart - dataOffset) {
      anomaly("zip.entry-range", Verdict.INVALID, "data of " + name + " (" + csize
          + " bytes at " + dataOffset + ") runs into the central directory or past the file",
          lho);
      readable = false;
    }
    if ((flags & ENCRYPTION_FLAGS) != 0) {
      // torch's reader (miniz) and others ignore the flag and read the data as it is: when that
      // data is the member in plain (its CRC matches), it is what they load, so it is scanned
      if (readable && PlainData.matches(src, method, dataOffset, csize, usize, crc,
          limits.maxMemberBytes())) {
        anomaly("zip.encryption-flag", Verdict.SUSPICIOUS, String.format("member %s claims"
            + " encryption (flags 0x%04x) but its data is plain: readers that ignore the flag,"
            + " as torch.load does, load it; it is scanned", name, flags), lho);
      } else {
        readable = false;
        anomaly("zip.encrypted", Verdict.SUSPICIOUS, "member " + name
            + " is encrypted in the central directory; its content cannot be scanned", lho);
      }
    }
    return new ZipEntry(index, name, method, flags, lflags, crc, csize, usize, lho, dataOffset,
        readable);
  }

  private static boolean sizeMismatch(long local, long central) {
    return local != central && local != U32_MAX; // saturated: the real size is in ZIP64 extra
  }

  /** @param centralEncrypted the central directory flags it too (judged with its data then) */
  private void checkFlags(int f, String where, String name, long at, boolean centralEncrypted) {
    if ((f & ENCRYPTION_FLAGS) != 0 && where.startsWith("local") && !centralEncrypted) {
      anomaly("zip.encryption-flag", Verdict.SUSPICIOUS, String.format("member %s claims"
          + " encryption in its %s (flags 0x%04x); some readers refuse it, others load it", name,
          where, f), at);
    }
    if ((f & ~(ORDINARY_FLAGS | ENCRYPTION_FLAGS)) != 0) {
      anomaly("zip.flag-bits", Verdict.SUSPICIOUS, String.format("member %s has unusual"
          + " general-purpose flag bits 0x%04x in its %s", name, f, where), at);
    }
  }

  private void anomaly(String rule, Verdict v, String message, long offset) {
    anomalies.add(new Finding(rule, v, message, ZipArchive.at(offset), ""));
  }

  static String decode(byte[] raw, int flags) {
    try {
      CharBuffer c = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw));
      return c.toString();
    } catch (CharacterCodingException e) {
      return (flags & 1 << 11) != 0 ? new String(raw, StandardCharsets.UTF_8)
          : new String(raw, CP437);
    }
  }
}
