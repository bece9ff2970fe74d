package dev.modelgate.format.coreml;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.SourceReader;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * An ML Program weight file ({@code weights/weight.bin}, coremltools' MIL blob storage v2): a
 * 64-byte header (blob count, version 2), then per blob a 64-byte metadata record (sentinel
 * {@code 0xDEADBEEF}, data type, size, data offset) at a 64-byte aligned offset, followed by its
 * data. Programs name a blob by its metadata offset; Core ML maps the data in place, so every
 * record and data range is checked against the file.
 */
final class MilBlobs {
  static final long SENTINEL = 0xDEADBEEFL;
  static final int HEADER = 64;
  static final int RECORD = 64;
  static final int VERSION = 2;

  private final Set<Long> records;

  private MilBlobs(Set<Long> records) {
    this.records = records;
  }

  boolean hasBlobAt(long offset) {
    return records.contains(offset);
  }

  /** Reads and checks every record; throws naming the first broken one. */
  static MilBlobs read(ByteSource src, String name) throws IOException {
    SourceReader in = new SourceReader(src, 0, "coreml", name);
    long count = in.u32();
    long version = in.u32();
    if (version != VERSION) {
      throw new InvalidInputException("coreml.weights-structure", "weight file version "
          + version + " is not " + VERSION, in.at(4));
    }
    if (count > src.size() / RECORD) {
      throw new InvalidInputException("coreml.weights-structure", count + " blobs cannot fit"
          + " in " + src.size() + " bytes", in.at(0));
    }
    Set<Long> records = new HashSet<>();
    long pos = HEADER;
    for (long k = 0; k < count; k++) {
      if (pos > src.size() - RECORD) {
        throw new InvalidInputException("coreml.weights-structure", "blob " + k
            + "'s record at " + pos + " runs past the file", in.at(pos));
      }
      in.seek(pos);
      long sentinel = in.u32();
      in.u32(); // data type
      long size = in.u64();
      long offset = in.u64();
      if (sentinel != SENTINEL) {
        throw new InvalidInputException("coreml.weights-structure", "blob " + k
            + " has no record sentinel at " + pos, in.at(pos));
      }
      if (size < 0 || offset < pos + RECORD || offset > src.size() || size > src.size() - offset) {
        throw new InvalidInputException("coreml.weights-structure", "blob " + k + " data "
            + Long.toUnsignedString(offset) + "+" + Long.toUnsignedString(size)
            + " lies outside the " + src.size() + "-byte file", in.at(pos));
      }
      records.add(pos);
      long end = offset + size;
      pos = end % 64 == 0 ? end : end + (64 - end % 64);
    }
    return new MilBlobs(records);
  }
}
