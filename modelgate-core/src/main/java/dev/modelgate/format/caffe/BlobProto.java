package dev.modelgate.format.caffe;

import dev.modelgate.format.protobuf.ProtoReader;
import dev.modelgate.format.protobuf.TextProto;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Caffe's {@code BlobProto}: a shape ({@code shape.dim}, or the legacy num/channels/height/width)
 * and float ({@code data}) or double ({@code double_data}) values. Only counts are kept: the
 * values themselves are skipped unread.
 *
 * @param dims {@code shape.dim}
 * @param legacy num, channels, height, width (0 when absent)
 * @param legacySet whether any legacy field was present: Caffe then ignores {@code shape}
 * @param data number of float values
 * @param doubles number of double values
 */
@SuppressWarnings("ArrayRecordComponent") // read once by the handler, never compared
record BlobProto(List<Long> dims, long[] legacy, boolean legacySet, long data, long doubles,
    String location) {
  /** Caffe's kMaxBlobAxes. */
  static final int MAX_AXES = 32;
  /** Blob::Reshape checks count_ against INT_MAX. */
  static final long MAX_COUNT = Integer.MAX_VALUE;

  /**
   * Why Caffe's Blob::FromProto would abort on this blob (a failed CHECK kills the process), or
   * null when it loads.
   */
  @Nullable String problem() {
    List<Long> shape = legacySet ? legacyShape() : dims;
    if (shape.size() > MAX_AXES) {
      return "blob has " + shape.size() + " axes; Caffe allows at most " + MAX_AXES;
    }
    long count = 1;
    for (long d : shape) {
      if (d < 0) {
        return "blob dimension " + d + " is negative";
      }
      if (d != 0 && count > MAX_COUNT / d) {
        return "blob shape " + shape + " holds more than " + MAX_COUNT + " values";
      }
      count *= d;
    }
    long values = doubles > 0 ? doubles : data;
    if (values != count) {
      return "blob shape " + shape + " holds " + count + " values but the blob stores " + values;
    }
    return null;
  }

  private List<Long> legacyShape() {
    List<Long> s = new ArrayList<>();
    for (long v : legacy) {
      s.add(v);
    }
    return s;
  }

  /**
   * Binary form: shape = 7 (BlobShape, dim = 1 packed int64), data = 5 (packed float), diff = 6,
   * double_data = 8, double_diff = 9, num = 1, channels = 2, height = 3, width = 4.
   */
  static BlobProto read(ProtoReader r, String location) throws IOException {
    List<Long> dims = new ArrayList<>();
    long[] legacy = new long[4];
    boolean legacySet = false;
    long data = 0;
    long doubles = 0;
    while (r.next()) {
      switch (r.field()) {
        case 1, 2, 3, 4 -> {
          legacy[r.field() - 1] = (int) r.varint(); // int32 fields
          legacySet = true;
        }
        case 5 -> data += r.wireType() == ProtoReader.LEN ? r.packedFixedCount(4) : one(r);
        case 8 -> doubles += r.wireType() == ProtoReader.LEN ? r.packedFixedCount(8) : one(r);
        case 7 -> shape(r.message("shape"), dims);
        default -> r.skip();
      }
    }
    return new BlobProto(dims, legacy, legacySet, data, doubles, location);
  }

  private static long one(ProtoReader r) throws IOException {
    r.skip();
    return 1;
  }

  private static void shape(ProtoReader s, List<Long> dims) throws IOException {
    while (s.next()) {
      if (s.field() != 1) {
        s.skip();
      } else if (s.wireType() == ProtoReader.LEN) {
        ProtoReader packed = s.message("dim");
        while (packed.offset() < packed.end()) {
          addDim(s, dims, packed.packedVarint());
        }
      } else {
        addDim(s, dims, s.varint());
      }
    }
  }

  private static void addDim(ProtoReader s, List<Long> dims, long d) throws IOException {
    if (dims.size() > MAX_AXES) {
      throw s.error(s.offset(), "blob shape has more than " + MAX_AXES + " axes");
    }
    dims.add(d);
  }

  /** Text form ({@code blobs { shape { dim: 3 } data: 1.0 ... }}). */
  static BlobProto read(TextProto.Field b, String location) {
    List<Long> dims = new ArrayList<>();
    long[] legacy = new long[4];
    boolean legacySet = false;
    long data = 0;
    long doubles = 0;
    for (TextProto.Field f : b.fields()) {
      int legacyIndex = List.of("num", "channels", "height", "width").indexOf(f.name());
      if (legacyIndex >= 0) {
        legacy[legacyIndex] = number(f.value());
        legacySet = true;
        continue;
      }
      switch (f.name()) {
        case "shape" -> {
          for (TextProto.Field d : f.fields()) {
            if (d.name().equals("dim") && !d.isMessage() && dims.size() <= MAX_AXES) {
              dims.add(number(d.value()));
            }
          }
        }
        case "data" -> data++;
        case "double_data" -> doubles++;
        default -> { }
      }
    }
    return new BlobProto(dims, legacy, legacySet, data, doubles, location);
  }

  /** A text-format integer; anything unparsable counts as -1, which {@link #problem} refuses. */
  private static long number(@Nullable String v) {
    if (v == null) {
      return -1;
    }
    try {
      return Long.decode(v.replace(" ", ""));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
