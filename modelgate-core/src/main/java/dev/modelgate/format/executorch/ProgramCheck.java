package dev.modelgate.format.executorch;

import dev.modelgate.format.tflite.FlatReader;
import dev.modelgate.spi.ScanContext;
import java.io.IOException;
import java.util.Set;

/**
 * Walks an ExecuTorch {@code Program} table (field numbers of schema/program.fbs) and checks
 * what the runtime indexes without bounds: segment ranges against the file, constant and
 * delegate data indices, every value index an instruction, a plan input/output or a tensor list
 * names, operator and delegate indices of calls, jump targets, and tensor sizes.
 */
final class ProgramCheck {
  /** Operator namespaces of ExecuTorch's own portable, optimized and quantized kernels. */
  static final Set<String> STANDARD_NAMESPACES = Set.of("aten", "quantized_decomposed",
      "dim_order_ops", "executorch_prim", "quantized", "et_vk", "llama", "torchao");
  /** Delegate backends shipped with ExecuTorch. */
  static final Set<String> KNOWN_BACKENDS = Set.of("XnnpackBackend", "CoreMLBackend",
      "MPSBackend", "VulkanBackend", "QnnBackend", "EthosUBackend", "VgfBackend",
      "NeuronBackend", "OpenvinoBackend", "CadenceBackend", "SamsungBackend");
  private static final int MAX_NAME = 4096;
  private static final int EVALUE_TENSOR = 5;
  private static final int EVALUE_TENSOR_LIST = 10;
  private static final int EVALUE_OPTIONAL_TENSOR_LIST = 11;
  private static final int MAX_EVALUE_TYPE = 11;

  private final ScanContext ctx;
  private final FlatReader f;
  private final ExtendedHeader header;
  private final String file;
  private long segments;
  private long constantBuffers;
  private long constantOffsets;
  private long delegateData;

  ProgramCheck(ScanContext ctx, FlatReader f, ExtendedHeader header, String file) {
    this.ctx = ctx;
    this.f = f;
    this.header = header;
    this.file = file;
  }

  void program(FlatReader.Table p) throws IOException {
    long[] segmentSizes = segments(p);
    FlatReader.Vec buffers = f.vector(p, 2, 4);
    constantBuffers = buffers == null ? 0 : buffers.length();
    for (long k = 0; buffers != null && k < constantBuffers; k++) {
      f.vector(f.tableAt(buffers.start() + 4 * k, "constant_buffer[" + k + "]"), 0, 1);
    }
    FlatReader.Vec inline = f.vector(p, 3, 4);
    delegateData = inline == null ? 0 : inline.length();
    for (long k = 0; inline != null && k < delegateData; k++) {
      f.vector(f.tableAt(inline.start() + 4 * k, "backend_delegate_data[" + k + "]"), 0, 1);
    }
    if (f.field(p, 5, 4) >= 0) {
      constantOffsets = subsegment(f.tableAt(f.field(p, 5, 4), "constant_segment"),
          segmentSizes);
    }
    FlatReader.Vec mutable = f.vector(p, 6, 4);
    for (long k = 0; mutable != null && k < mutable.length(); k++) {
      subsegment(f.tableAt(mutable.start() + 4 * k, "mutable_data_segments[" + k + "]"),
          segmentSizes);
    }
    FlatReader.Vec plans = f.vector(p, 1, 4);
    if (plans == null || plans.length() == 0) {
      ctx.invalid("executorch.structure", "program has no execution plan", file + "@" + p.pos());
      return;
    }
    for (long k = 0; k < plans.length(); k++) {
      new PlanCheck(this, f.tableAt(plans.start() + 4 * k, "execution_plan[" + k + "]")).check();
    }
  }

  /** DataSegment ranges, relative to the extended header's segment base; returns their sizes. */
  private long[] segments(FlatReader.Table p) throws IOException {
    FlatReader.Vec v = f.vector(p, 4, 4);
    segments = v == null ? 0 : v.length();
    if (segments > 0 && header.segmentBase() < 0) {
      throw f.error("segments", p.pos(), "program lists " + segments
          + " data segments but the file has no extended header locating them");
    }
    long[] sizes = new long[(int) Math.min(segments, Integer.MAX_VALUE)];
    for (int k = 0; v != null && k < segments; k++) {
      FlatReader.Table s = f.tableAt(v.start() + 4L * k, "segments[" + k + "]");
      long offset = f.u64Field(s, 0, 0);
      long size = f.u64Field(s, 1, 0);
      long room = f.size() - header.segmentBase();
      if (offset < 0 || size < 0 || offset > room || size > room - offset) {
        throw f.error("segments[" + k + "]", s.pos(), "segment at "
            + Long.toUnsignedString(offset) + " of " + Long.toUnsignedString(size)
            + " bytes runs past the end of the file");
      }
      sizes[k] = size;
    }
    return sizes;
  }

  /** SubsegmentOffsets: segment_index = 0, offsets = 1; returns the offset count. */
  private long subsegment(FlatReader.Table t, long[] sizes) throws IOException {
    long index = f.u32Field(t, 0, 0);
    FlatReader.Vec offsets = f.vector(t, 1, 8);
    long n = offsets == null ? 0 : offsets.length();
    if (offsets == null || n == 0) {
      return 0;
    }
    if (index >= sizes.length) {
      throw f.error(t.path(), t.pos(), "segment_index " + index + " names none of the "
          + sizes.length + " segments");
    }
    for (long k = 0; k < n; k++) {
      long o = f.u64(offsets.start() + 8 * k, t.path());
      if (o < 0 || o > sizes[(int) index]) {
        throw f.error(t.path(), offsets.start() + 8 * k, "offset " + Long.toUnsignedString(o)
            + " lies past the end of segment " + index + " (" + sizes[(int) index] + " bytes)");
      }
    }
    return n;
  }

  // --- used by PlanCheck ---

  FlatReader reader() {
    return f;
  }

  String file() {
    return file;
  }

  ScanContext ctx() {
    return ctx;
  }

  /** The number of constant data entries a tensor's data_buffer_idx may name. */
  long constants() {
    return constantBuffers > 0 ? constantBuffers : constantOffsets;
  }

  long delegateData() {
    return delegateData;
  }

  long segmentCount() {
    return segments;
  }

  static int maxName() {
    return MAX_NAME;
  }

  static boolean tensor(int type) {
    return type == EVALUE_TENSOR;
  }

  static boolean tensorList(int type) {
    return type == EVALUE_TENSOR_LIST || type == EVALUE_OPTIONAL_TENSOR_LIST;
  }

  static boolean optionalList(int type) {
    return type == EVALUE_OPTIONAL_TENSOR_LIST;
  }

  static int maxEValueType() {
    return MAX_EVALUE_TYPE;
  }
}
