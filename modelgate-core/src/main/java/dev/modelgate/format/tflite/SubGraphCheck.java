package dev.modelgate.format.tflite;

import dev.modelgate.format.tensorflow.TfOps;
import dev.modelgate.spi.ScanContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks the indices of one SubGraph (tensors = 0, inputs = 1, outputs = 2, operators = 3): the
 * interpreter indexes arrays with them without further checks in some builds.
 */
final class SubGraphCheck {
  private SubGraphCheck() {}

  /** custom_options kept for inspection: a serialised NodeDef is a few hundred bytes. */
  private static final int MAX_OPTIONS = 1 << 20;

  static void check(ScanContext ctx, FlatReader f, FlatReader.Table g, long opcodes,
      long buffers, Set<Long> flexCodes, String file) throws IOException {
    FlatReader.Vec tensors = f.vector(g, 0, 4);
    long nt = tensors == null ? 0 : tensors.length();
    for (long k = 0; tensors != null && k < nt; k++) {
      FlatReader.Table t = f.tableAt(tensors.start() + 4 * k, g.path() + ".tensors[" + k + "]");
      f.vector(t, 0, 4); // shape
      long buffer = f.u32Field(t, 2, 0);
      if (buffer >= Math.max(buffers, 1)) {
        throw f.error(t.path(), t.pos(), "buffer index " + buffer + " but the model has "
            + buffers + " buffers");
      }
    }
    indices(f, g, 1, nt, false, g.path() + ".inputs");
    indices(f, g, 2, nt, false, g.path() + ".outputs");
    FlatReader.Vec ops = f.vector(g, 3, 4);
    long no = ops == null ? 0 : ops.length();
    for (long k = 0; ops != null && k < no; k++) {
      FlatReader.Table op = f.tableAt(ops.start() + 4 * k, g.path() + ".operators[" + k + "]");
      long code = f.u32Field(op, 0, 0);
      if (code >= opcodes) {
        throw f.error(op.path(), op.pos(), "opcode_index " + code + " but the model has "
            + opcodes + " operator codes");
      }
      indices(f, op, 1, nt, true, op.path() + ".inputs");
      indices(f, op, 2, nt, true, op.path() + ".outputs");
      if (flexCodes.contains(code)) {
        flexNodeDef(ctx, f.bytes(op, 5, MAX_OPTIONS), op.path(), file + "@" + op.pos());
      }
    }
  }

  /**
   * The Flex delegate runs the TensorFlow op named in the NodeDef inside the operator's
   * custom_options, not the one its operator code names: a {@code FlexAdd} may carry a
   * {@code ReadFile} NodeDef. The options are a FlexBuffer wrapping that serialised NodeDef, whose
   * {@code op} is field 2 (bytes {@code 0x12 len name}); every such name found is judged.
   */
  private static void flexNodeDef(ScanContext ctx, byte @Nullable [] options, String path,
      String loc) {
    if (options == null) {
      return;
    }
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i + 2 < options.length; i++) {
      int len = options[i + 1] & 0xff;
      if (options[i] != 0x12 || len == 0 || len > 100 || i + 2 + len > options.length) {
        continue;
      }
      String name = new String(options, i + 2, len, StandardCharsets.ISO_8859_1);
      if (name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_')
          && seen.add(name)) {
        String danger = TfOps.danger(name);
        if (danger != null) {
          ctx.malicious("tflite.flex-" + danger, path + " carries a TensorFlow NodeDef for op "
              + name + ", which the Flex delegate runs whatever the operator code says", loc,
              name);
        }
      }
    }
  }

  /** Each int in vector field {@code i} must index a tensor (-1 = optional input, for ops). */
  private static void indices(FlatReader f, FlatReader.Table t, int i, long tensors,
      boolean optional, String path) throws IOException {
    FlatReader.Vec v = f.vector(t, i, 4);
    if (v == null) {
      return;
    }
    for (long k = 0; k < v.length(); k++) {
      int x = f.i32(v.start() + 4 * k, path);
      if (x >= tensors || x < (optional ? -1 : 0)) {
        throw f.error(path, v.start() + 4 * k, "tensor index " + x + " but the subgraph has "
            + tensors + " tensors");
      }
    }
  }
}
