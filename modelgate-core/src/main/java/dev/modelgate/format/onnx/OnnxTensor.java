package dev.modelgate.format.onnx;

import dev.modelgate.format.protobuf.ProtoReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of one {@code TensorProto}: shape, type, and how much data each value field holds.
 * Data bytes are skipped, never read, so a multi-gigabyte initializer costs nothing.
 *
 * @param location {@code file@offset} of the tensor message
 * @param dims declared shape
 * @param rawBytes length of {@code raw_data}, or -1 when absent
 * @param counts element counts of the typed value fields, keyed by field number
 * @param external {@code external_data} key/value entries in file order (last one wins)
 * @param dataLocation 1 = EXTERNAL
 */
record OnnxTensor(String name, String location, List<Long> dims, int dataType, long rawBytes,
    Map<Integer, Long> counts, Map<String, String> external, int dataLocation, boolean segmented) {

  static final int MAX_DIMS = 1024;
  static final int MAX_NAME = 1 << 20;

  /** Typed value fields of TensorProto (public onnx.proto numbers). */
  static final int FLOAT_DATA = 4;
  static final int INT32_DATA = 5;
  static final int STRING_DATA = 6;
  static final int INT64_DATA = 7;
  static final int DOUBLE_DATA = 10;
  static final int UINT64_DATA = 11;

  static OnnxTensor read(ProtoReader r, String location) throws IOException {
    String name = "";
    List<Long> dims = new ArrayList<>();
    int type = 0;
    long raw = -1;
    Map<Integer, Long> counts = new LinkedHashMap<>();
    Map<String, String> external = new LinkedHashMap<>();
    int dataLocation = 0;
    boolean segmented = false;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> {
          if (r.wireType() == ProtoReader.LEN) {
            ProtoReader p = r.message("dims");
            while (p.offset() < p.end()) {
              dims.add(packedVarint(p));
              checkRank(r, dims);
            }
          } else {
            dims.add(r.varint());
            checkRank(r, dims);
          }
        }
        case 2 -> type = (int) r.varint();
        case 3 -> {
          segmented = true;
          r.skip();
        }
        case FLOAT_DATA -> add(counts, FLOAT_DATA, fixed(r, 4));
        case DOUBLE_DATA -> add(counts, DOUBLE_DATA, fixed(r, 8));
        case INT32_DATA, INT64_DATA, UINT64_DATA -> add(counts, r.field(),
            r.wireType() == ProtoReader.LEN ? r.packedVarintCount() : one(r));
        case STRING_DATA -> {
          r.skip();
          add(counts, STRING_DATA, 1);
        }
        case 8 -> name = r.lenientString(MAX_NAME);
        case 9 -> {
          raw = r.skipLength();
        }
        case 13 -> entry(r.message("external_data"), external);
        case 14 -> dataLocation = (int) r.varint();
        default -> r.skip();
      }
    }
    return new OnnxTensor(name, location, dims, type, raw, counts, external, dataLocation,
        segmented);
  }

  /** Element count, or -1 when a dimension is negative, or -2 when the product overflows. */
  long elements() {
    long n = 1;
    for (long d : dims) {
      if (d < 0) {
        return -1;
      }
      try {
        n = Math.multiplyExact(n, d);
      } catch (ArithmeticException e) {
        return -2;
      }
    }
    return n;
  }

  private static void checkRank(ProtoReader r, List<Long> dims) throws IOException {
    if (dims.size() > MAX_DIMS) {
      throw r.error(r.tagOffset(), "tensor has more than " + MAX_DIMS + " dimensions");
    }
  }

  private static long packedVarint(ProtoReader p) throws IOException {
    return p.packedVarint();
  }

  private static long one(ProtoReader r) throws IOException {
    r.varint();
    return 1;
  }

  private static long fixed(ProtoReader r, int width) throws IOException {
    if (r.wireType() == ProtoReader.LEN) {
      return r.packedFixedCount(width);
    }
    r.skip();
    return 1;
  }

  private static void add(Map<Integer, Long> counts, int field, long n) {
    counts.merge(field, n, Long::sum);
  }

  private static void entry(ProtoReader e, Map<String, String> out) throws IOException {
    String key = "";
    String value = "";
    while (e.next()) {
      switch (e.field()) {
        case 1 -> key = e.lenientString(4096);
        case 2 -> value = e.lenientString(1 << 16);
        default -> e.skip();
      }
    }
    out.put(key, value);
  }
}
