package dev.modelgate.format.archive;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.Limits;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A TAR file (v7, ustar, GNU, pax) read header by header the way Python's tarfile reads it: a
 * zero block ends the archive, GNU 'L'/'K' and pax 'x' headers rename the next member. Member data
 * stays in the file; {@link #open} returns a window of it. A broken header ends the listing with
 * an {@code invalid} anomaly; the members before it are kept so they are still scanned.
 */
public final class TarArchive {
  static final int BLOCK = 512;
  /** GNU long names and pax records are metadata: bounded well below any real need. */
  static final int MAX_EXTENDED = 1 << 20;

  private final ByteSource src;
  private final List<TarEntry> entries;
  private final List<Finding> anomalies;

  private TarArchive(ByteSource src, List<TarEntry> entries, List<Finding> anomalies) {
    this.src = src;
    this.entries = entries;
    this.anomalies = anomalies;
  }

  /** True when the first block looks like a tar header (ustar magic or a valid v7 checksum). */
  public static boolean looksLikeTar(byte[] head) {
    if (head.length < BLOCK) {
      return false;
    }
    if (head[257] == 'u' && head[258] == 's' && head[259] == 't' && head[260] == 'a'
        && head[261] == 'r') {
      return true;
    }
    if (head[0] == 0) {
      return false;
    }
    long stored = TarHeader.octal(head, 148, 8);
    return stored >= 0 && TarHeader.checksumMatches(head, stored);
  }

  public static TarArchive read(ByteSource src, Limits limits) throws IOException {
    List<Finding> anomalies = new ArrayList<>();
    List<TarEntry> entries = new ArrayList<>();
    long pos = 0;
    String longName = null;
    String longLink = null;
    TarHeader.Pax pax = TarHeader.Pax.EMPTY;
    while (true) {
      if (pos + BLOCK > src.size()) {
        if (pos < src.size() || entries.isEmpty()) {
          anomalies.add(invalid("tar.truncated", "archive ends inside a header", pos));
        }
        break; // a missing end-of-archive marker is tolerated, as tarfile does
      }
      byte[] block = src.bytes(pos, BLOCK);
      if (isZero(block)) {
        break;
      }
      TarHeader h;
      try {
        h = TarHeader.parse(block, pos);
      } catch (InvalidInputException e) {
        anomalies.add(invalid(e.rule(), e.getMessage(), pos));
        break;
      }
      long dataOffset = pos + BLOCK;
      if (h.size() > src.size() - dataOffset) {
        anomalies.add(invalid("tar.truncated", "member " + h.name() + " declares " + h.size()
            + " bytes but only " + (src.size() - dataOffset) + " remain", pos));
        break;
      }
      long next = dataOffset + (h.size() + BLOCK - 1) / BLOCK * BLOCK;
      switch (h.type()) {
        case 'L', 'K' -> {
          if (h.size() > MAX_EXTENDED) {
            anomalies.add(invalid("tar.long-name", "GNU long name of " + h.size() + " bytes", pos));
            return new TarArchive(src, entries, anomalies);
          }
          String v = cString(src.bytes(dataOffset, (int) h.size()));
          if (h.type() == 'L') {
            longName = v;
          } else {
            longLink = v;
          }
        }
        case 'x', 'g' -> {
          if (h.size() > MAX_EXTENDED) {
            anomalies.add(invalid("tar.pax-header", "pax header of " + h.size() + " bytes", pos));
            return new TarArchive(src, entries, anomalies);
          }
          try {
            TarHeader.Pax p = TarHeader.Pax.parse(src.bytes(dataOffset, (int) h.size()), pos);
            if (h.type() == 'x') {
              pax = p;
            } else if (p.size() >= 0 || p.path() != null) {
              anomalies.add(new Finding("tar.pax-global", Verdict.SUSPICIOUS, "global pax header"
                  + " overrides member names or sizes; extractors disagree on it", at(pos), ""));
            }
          } catch (InvalidInputException e) {
            anomalies.add(invalid(e.rule(), e.getMessage(),
                pos));
            return new TarArchive(src, entries, anomalies);
          }
        }
        default -> {
          String name = pax.path() != null ? pax.path() : longName != null ? longName : h.name();
          String link = pax.linkPath() != null ? pax.linkPath()
              : longLink != null ? longLink : h.linkName();
          long size = h.size();
          if (pax.size() >= 0 && pax.size() != size) {
            // tarfile trusts the pax size, other tools the header: one of them reads garbage.
            anomalies.add(invalid("tar.pax-size", "pax size " + pax.size() + " of " + name
                + " differs from its header size " + size, pos));
            return new TarArchive(src, entries, anomalies);
          }
          if (h.type() == 'S' || pax.sparse()) {
            anomalies.add(invalid("tar.sparse", "sparse member " + name + " is not accepted", pos));
          }
          if (entries.size() >= limits.maxMembers()) {
            anomalies.add(invalid("tar.entry-count", "more than " + limits.maxMembers()
                + " members", pos));
            return new TarArchive(src, entries, anomalies);
          }
          entries.add(new TarEntry(name, h.type(), link, size, pos, dataOffset));
          longName = null;
          longLink = null;
          pax = TarHeader.Pax.EMPTY;
        }
      }
      pos = next;
    }
    return new TarArchive(src, Collections.unmodifiableList(entries), anomalies);
  }

  public List<TarEntry> entries() {
    return entries;
  }

  public Optional<TarEntry> entry(String name) {
    return entries.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  public List<Finding> anomalies() {
    return Collections.unmodifiableList(anomalies);
  }

  /** The member's data: a zero-copy window of the archive. */
  public ByteSource open(TarEntry e) {
    return src.slice(e.dataOffset(), e.size());
  }

  static String at(long offset) {
    return "@" + offset;
  }

  private static Finding invalid(String rule, String message, long offset) {
    return new Finding(rule, Verdict.INVALID, message, at(offset), "");
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  static String cString(byte[] b) {
    int n = 0;
    while (n < b.length && b[n] != 0) {
      n++;
    }
    return new String(b, 0, n, StandardCharsets.UTF_8);
  }
}
