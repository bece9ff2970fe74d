package dev.modelgate.format.onnx;

import dev.modelgate.spi.ScanContext;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Checks one tensor header: shape arithmetic, that each value field holds exactly as many
 * elements as the shape declares, and (through {@link ExternalData}) where external data lives.
 * Loaders size buffers from the shape and then copy from the value field, so any mismatch is
 * an out-of-bounds read or a huge allocation waiting to happen.
 */
final class TensorRules {
  private final ScanContext ctx;
  private final ExternalData external;

  TensorRules(ScanContext ctx) {
    this.ctx = ctx;
    this.external = new ExternalData(ctx);
  }

  void check(OnnxTensor t) {
    String what = "tensor '" + t.name() + "'";
    long n = t.elements();
    if (n == -1) {
      ctx.invalid("onnx.tensor-dims", what + " has a negative dimension " + t.dims(),
          t.location());
      return;
    }
    long bytes = DataType.bytes(t.dataType(), n);
    if (n == -2 || (DataType.bits(t.dataType()) != 0 && bytes < 0)) {
      ctx.invalid("onnx.tensor-dims", what + " has dimensions " + t.dims()
          + " whose byte size overflows 64 bits", t.location());
      return;
    }
    if (t.dataLocation() == 1) {
      external.check(t, bytes);
      return;
    }
    if (t.dataLocation() != 0) {
      ctx.invalid("onnx.tensor-data", what + " has unknown data_location " + t.dataLocation(),
          t.location());
      return;
    }
    if (t.segmented()) {
      return; // a segment of a larger tensor: counts refer to the segment, not the dims
    }
    if (t.rawBytes() >= 0) {
      if (bytes >= 0 && t.rawBytes() != bytes) {
        ctx.invalid("onnx.tensor-data", what + " declares " + t.dims() + " (" + bytes
            + " bytes) but raw_data holds " + t.rawBytes() + " bytes", t.location());
      }
      return;
    }
    Integer field = valueField(t.dataType());
    long expected = expectedCount(t.dataType(), n);
    Map<Integer, Long> counts = t.counts();
    if (field == null || expected < 0) {
      return;
    }
    long got = counts.getOrDefault(field, 0L);
    if (got == 0 && n > 0 && counts.isEmpty()) {
      ctx.invalid("onnx.tensor-data", what + " declares " + n + " elements but holds no data",
          t.location());
    } else if (got != expected && !(got == 0 && !counts.isEmpty())) {
      ctx.invalid("onnx.tensor-data", what + " declares " + t.dims() + " (" + expected
          + " values) but its value field holds " + got, t.location());
    }
  }

  /** The typed field that holds values of {@code type} when raw_data is not used. */
  private static @Nullable Integer valueField(int type) {
    return switch (type) {
      case DataType.FLOAT, DataType.COMPLEX64 -> OnnxTensor.FLOAT_DATA;
      case DataType.INT32 -> OnnxTensor.INT32_DATA;
      case DataType.INT64 -> OnnxTensor.INT64_DATA;
      case DataType.STRING -> OnnxTensor.STRING_DATA;
      case DataType.DOUBLE, DataType.COMPLEX128 -> OnnxTensor.DOUBLE_DATA;
      case 12, DataType.UINT64 -> OnnxTensor.UINT64_DATA;
      default -> null; // small types packed into int32_data: encoding varies by version
    };
  }

  private static long expectedCount(int type, long n) {
    boolean complex = type == DataType.COMPLEX64 || type == DataType.COMPLEX128;
    if (!complex) {
      return n;
    }
    return n > Long.MAX_VALUE / 2 ? -1 : 2 * n;
  }
}
