package dev.modelgate.format.executorch;

import dev.modelgate.format.tflite.FlatReader;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * One {@code ExecutionPlan}: values (EValue = val_type 0, val 1), inputs 3, outputs 4, chains 5,
 * operators 6 (name 0, overload 1), delegates 7 (id 0, processed 1, compile_specs 2).
 */
final class PlanCheck {
  private static final int KERNEL_CALL = 1;
  private static final int DELEGATE_CALL = 2;
  private static final int MOVE_CALL = 3;
  private static final int JUMP_FALSE_CALL = 4;
  private static final int FREE_CALL = 5;

  private final ProgramCheck program;
  private final FlatReader f;
  private final FlatReader.Table plan;
  private long values;
  private long operators;
  private long delegates;

  PlanCheck(ProgramCheck program, FlatReader.Table plan) {
    this.program = program;
    this.f = program.reader();
    this.plan = plan;
  }

  void check() throws IOException {
    FlatReader.Vec vals = f.vector(plan, 2, 4);
    values = vals == null ? 0 : vals.length();
    for (long k = 0; vals != null && k < values; k++) {
      value(f.tableAt(vals.start() + 4 * k, plan.path() + ".values[" + k + "]"));
    }
    indices(f.vector(plan, 3, 4), values, plan.path() + ".inputs", false);
    indices(f.vector(plan, 4, 4), values, plan.path() + ".outputs", false);
    operators();
    delegates();
    FlatReader.Vec chains = f.vector(plan, 5, 4);
    for (long k = 0; chains != null && k < chains.length(); k++) {
      chain(f.tableAt(chains.start() + 4 * k, plan.path() + ".chains[" + k + "]"));
    }
  }

  private void value(FlatReader.Table v) throws IOException {
    int type = f.u8Field(v, 0);
    if (type > ProgramCheck.maxEValueType()) {
      throw f.error(v.path(), v.pos(), "unknown value type " + type);
    }
    if (type == 0 || f.field(v, 1, 4) < 0) {
      return;
    }
    FlatReader.Table t = f.tableAt(f.field(v, 1, 4), v.path() + ".val");
    if (ProgramCheck.tensor(type)) {
      FlatReader.Vec sizes = f.vector(t, 2, 4);
      for (long k = 0; sizes != null && k < sizes.length(); k++) {
        int s = f.i32(sizes.start() + 4 * k, t.path());
        if (s < 0) {
          throw f.error(t.path(), sizes.start() + 4 * k, "tensor size " + s + " is negative");
        }
      }
      long buffer = f.u32Field(t, 5, 0);
      if (buffer > 0 && buffer >= program.constants()) {
        throw f.error(t.path(), t.pos(), "data_buffer_idx " + buffer + " names none of the "
            + program.constants() + " constant buffers");
      }
    } else if (ProgramCheck.tensorList(type)) {
      indices(f.vector(t, 0, 4), values, t.path() + ".items", ProgramCheck.optionalList(type));
    }
  }

  private void operators() throws IOException {
    FlatReader.Vec ops = f.vector(plan, 6, 4);
    operators = ops == null ? 0 : ops.length();
    for (long k = 0; ops != null && k < operators; k++) {
      FlatReader.Table op = f.tableAt(ops.start() + 4 * k, plan.path() + ".operators[" + k + "]");
      String name = f.string(op, 0, ProgramCheck.maxName());
      String where = program.file() + "@" + op.pos();
      if (name == null || name.isEmpty()) {
        program.ctx().invalid("executorch.structure", "operators[" + k + "] has no name", where);
        continue;
      }
      int sep = name.indexOf("::");
      String ns = sep < 0 ? "" : name.substring(0, sep);
      if (!ProgramCheck.STANDARD_NAMESPACES.contains(ns)
          && !program.ctx().policy().userAllows(ns, name.substring(sep < 0 ? 0 : sep + 2))) {
        program.ctx().suspicious("executorch.custom-op", "operator " + clip(name) + " is not"
            + " one of ExecuTorch's kernel libraries; it needs a native kernel the application"
            + " registers", where, clip(name));
      }
    }
  }

  private void delegates() throws IOException {
    FlatReader.Vec ds = f.vector(plan, 7, 4);
    delegates = ds == null ? 0 : ds.length();
    for (long k = 0; ds != null && k < delegates; k++) {
      FlatReader.Table d = f.tableAt(ds.start() + 4 * k, plan.path() + ".delegates[" + k + "]");
      String id = f.string(d, 0, ProgramCheck.maxName());
      String where = program.file() + "@" + d.pos();
      if (f.field(d, 1, 4) >= 0) {
        FlatReader.Table ref = f.tableAt(f.field(d, 1, 4), d.path() + ".processed");
        int location = f.u8Field(ref, 0);
        long index = f.u32Field(ref, 1, 0);
        long limit = location == 0 ? program.delegateData() : program.segmentCount();
        if (location > 1 || index >= limit) {
          throw f.error(ref.path(), ref.pos(), "delegate data " + (location == 0 ? "INLINE"
              : location == 1 ? "SEGMENT" : "location " + location) + " index " + index
              + " names none of the " + limit + " entries");
        }
      }
      String name = id == null ? "" : clip(id);
      if (ProgramCheck.KNOWN_BACKENDS.contains(name)) {
        program.ctx().note("executorch.delegate", "delegates part of the program to backend "
            + name, where, name);
      } else if (!program.ctx().policy().userAllows("executorch", name)) {
        program.ctx().suspicious("executorch.delegate", "delegates part of the program to"
            + " backend '" + name + "', which is not shipped with ExecuTorch and runs native"
            + " code the application links in", where, name);
      }
    }
  }

  private void chain(FlatReader.Table c) throws IOException {
    indices(f.vector(c, 0, 4), values, c.path() + ".inputs", false);
    indices(f.vector(c, 1, 4), values, c.path() + ".outputs", false);
    FlatReader.Vec ins = f.vector(c, 2, 4);
    long n = ins == null ? 0 : ins.length();
    for (long k = 0; ins != null && k < n; k++) {
      FlatReader.Table i = f.tableAt(ins.start() + 4 * k, c.path() + ".instructions[" + k + "]");
      int type = f.u8Field(i, 0);
      if (type == 0 || f.field(i, 1, 4) < 0) {
        throw f.error(i.path(), i.pos(), "instruction without arguments");
      }
      FlatReader.Table a = f.tableAt(f.field(i, 1, 4), i.path() + ".instr_args");
      switch (type) {
        case KERNEL_CALL -> {
          index(f.i32Field(a, 0, 0), operators, a, "op_index"); // absent = the default 0
          indices(f.vector(a, 1, 4), values, a.path() + ".args", false);
        }
        case DELEGATE_CALL -> {
          index(f.i32Field(a, 0, 0), delegates, a, "delegate_index");
          indices(f.vector(a, 1, 4), values, a.path() + ".args", false);
        }
        case MOVE_CALL -> {
          index(f.i32Field(a, 0, 0), values, a, "move_from");
          index(f.i32Field(a, 1, 0), values, a, "move_to");
        }
        case JUMP_FALSE_CALL -> {
          index(f.i32Field(a, 0, 0), values, a, "cond_value_index");
          index(f.i32Field(a, 1, 0), n, a, "destination_instruction");
        }
        case FREE_CALL -> index(f.i32Field(a, 0, 0), values, a, "value_index");
        default -> throw f.error(i.path(), i.pos(), "unknown instruction type " + type);
      }
    }
  }

  private void index(long i, long count, FlatReader.Table t, String what) throws IOException {
    if (i < 0 || i >= count) {
      throw f.error(t.path(), t.pos(), what + " " + i + " is outside [0, " + count + ")");
    }
  }

  /** Every element of an int vector indexes {@code count} entries (-1 allowed if optional). */
  private void indices(FlatReader.@Nullable Vec v, long count, String path, boolean optional)
      throws IOException {
    for (long k = 0; v != null && k < v.length(); k++) {
      int i = f.i32(v.start() + 4 * k, path);
      if (i >= count || i < (optional ? -1 : 0)) {
        throw f.error(path, v.start() + 4 * k, "index " + i + " is outside [0, " + count + ")");
      }
    }
  }

  static String clip(String s) {
    String one = s.replaceAll("\\p{Cntrl}", "?");
    return one.length() <= 200 ? one : one.substring(0, 197) + "...";
  }
}
