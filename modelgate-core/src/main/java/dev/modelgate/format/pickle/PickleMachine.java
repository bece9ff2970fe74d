package dev.modelgate.format.pickle;

import dev.modelgate.format.pickle.PickleDescription.CallSite;
import dev.modelgate.format.pickle.PickleDescription.Problem;
import dev.modelgate.format.pickle.PickleValue.Bytes;
import dev.modelgate.format.pickle.PickleValue.Call;
import dev.modelgate.format.pickle.PickleValue.CallKind;
import dev.modelgate.format.pickle.PickleValue.Dict;
import dev.modelgate.format.pickle.PickleValue.Entry;
import dev.modelgate.format.pickle.PickleValue.Global;
import dev.modelgate.format.pickle.PickleValue.ListV;
import dev.modelgate.format.pickle.PickleValue.SetV;
import dev.modelgate.format.pickle.PickleValue.Str;
import dev.modelgate.format.pickle.PickleValue.Tuple;
import dev.modelgate.io.Budget;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.SourceReader;
import dev.modelgate.policy.PyNames;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The static pickle machine: one explicit switch over every opcode of protocols 0 to 5 that
 * moves symbolic values exactly as CPython's unpickler moves objects, without importing or
 * calling anything. It runs one pickle up to its STOP or to the first opcode Python would reject,
 * and keeps everything seen up to that point (a payload that runs before a deliberate break is
 * still reported).
 */
final class PickleMachine {
  /** Heap a pushed value costs, at most: the slot, the value, its lists (see {@link Budget}). */
  private static final long VALUE_COST = 100;
  private static final long MEMO_COST = 64;
  private static final long CALL_COST = 160;
  private static final int WORK_BATCH = 4096;
  private final ByteSource src;
  private final SourceReader in;
  private final Operands args;
  private final long start;
  private final String location;
  private final int depth;
  private List<PickleValue> stack = new ArrayList<>();
  private final ArrayDeque<List<PickleValue>> marks = new ArrayDeque<>();
  private int held;
  private final Map<Long, PickleValue> memo = new HashMap<>();
  private final ModuleRewrites rewrites = new ModuleRewrites();
  private final List<Global> globals = new ArrayList<>();
  private final List<CallSite> calls = new ArrayList<>();
  private final List<PickleValue.PersistentRef> pids = new ArrayList<>();
  private int protocol;
  /** End of the current FRAME, and where joblib's next raw read goes when it is not -1. */
  private long frameEnd = -1;
  private long dataAt = -1;
  private long opcodes;
  private long op;
  private final Budget budget;
  /** Opcodes not yet charged to the budget's work count (charged in batches: it is hot). */
  private int unchargedOps;

  /** A machine with a budget of its own (tests, sniffing). */
  PickleMachine(ByteSource src, long start, String location) {
    this(src, start, location, new Budget(dev.modelgate.io.Limits.DEFAULT));
  }

  PickleMachine(ByteSource src, long start, String location, Budget budget) {
    this(src, start, location, 0, budget);
  }

  private PickleMachine(ByteSource src, long start, String location, int depth, Budget budget) {
    this.src = src;
    this.start = start;
    this.location = location;
    this.depth = depth;
    this.budget = budget;
    this.in = new SourceReader(src, start, "pickle", location);
    this.args = new Operands(src, in, budget);
  }

  /** Runs to STOP or the first error; never throws for malformed input. */
  PickleDescription run() throws IOException {
    PickleValue result = null;
    Problem error = null;
    try {
      result = loop();
      work(unchargedOps);
    } catch (Break b) {
      error = new Problem(b.rule, b.getMessage(), op);
    } catch (InvalidInputException e) {
      error = new Problem(e.rule(), opName() + e.getMessage(), op);
    }
    return new PickleDescription(List.copyOf(globals), List.copyOf(calls), List.copyOf(pids),
        start, in.position(), error == null, error, result, protocol, List.of(), List.of());
  }

  private String opName() {
    return "opcode at " + op + ": ";
  }

  private PickleValue loop() throws IOException, Break {
    while (true) {
      if (dataAt >= 0 && in.position() >= frameEnd) {
        in.seek(dataAt); // the frame is used up: Python's unframer reads on from the file
        dataAt = -1;
      }
      op = in.position();
      if (in.atEnd()) {
        throw new Break("pickle.truncated", "stream ends without STOP");
      }
      if (++opcodes > PickleLimits.MAX_OPCODES) {
        throw new Break("pickle.limit", "more than " + PickleLimits.MAX_OPCODES + " opcodes");
      }
      if (++unchargedOps == WORK_BATCH) {
        work(WORK_BATCH);
      }
      int code = in.u8();
      PickleValue result = step(code);
      if (result != null) {
        return result;
      }
    }
  }

  /**
   * Runs one opcode, by family; returns the pickle's value at STOP, else null. Scalars and
   * strings are read by {@link Operands#literal}; the rest move values between the stack, the
   * marks, containers and the memo, or record what would be imported and called.
   */
  private @Nullable PickleValue step(int code) throws IOException, Break {
    PickleValue literal = args.literal(code, op);
    if (literal != null) {
      push(literal);
      return null;
    }
    switch (code) {
      case Op.PROTO, Op.FRAME, Op.MARK, Op.POP, Op.POP_MARK, Op.DUP, Op.READONLY_BUFFER ->
          control(code);
      case Op.STOP -> {
        return pop();
      }
      case Op.EMPTY_LIST, Op.EMPTY_TUPLE, Op.EMPTY_DICT, Op.EMPTY_SET, Op.LIST, Op.TUPLE,
          Op.TUPLE1, Op.TUPLE2, Op.TUPLE3, Op.DICT, Op.FROZENSET -> push(container(code));
      case Op.APPEND, Op.APPENDS, Op.ADDITEMS, Op.SETITEM, Op.SETITEMS -> fill(code);
      case Op.GET, Op.BINGET, Op.LONG_BINGET, Op.PUT, Op.BINPUT, Op.LONG_BINPUT, Op.MEMOIZE ->
          memo(code);
      case Op.GLOBAL, Op.STACK_GLOBAL, Op.INST, Op.OBJ, Op.REDUCE, Op.NEWOBJ, Op.NEWOBJ_EX,
          Op.BUILD, Op.EXT1, Op.EXT2, Op.EXT4, Op.PERSID, Op.BINPERSID -> object(code);
      default -> throw new Break("pickle.malformed", String.format("invalid opcode 0x%02x", code));
    }
    return null;
  }

  /** PROTO, FRAME, MARK, POP, POP_MARK, DUP, READONLY_BUFFER. */
  private void control(int code) throws IOException, Break {
    switch (code) {
      case Op.PROTO -> {
        int p = in.u8();
        if (p > 5) {
          throw new Break("pickle.malformed", "unsupported pickle protocol " + p);
        }
        protocol = Math.max(protocol, p);
      }
      case Op.FRAME -> {
        long n = in.u64();
        if (n < 0 || n > in.remaining()) {
          throw new Break("pickle.truncated", "FRAME declares " + Long.toUnsignedString(n)
              + " bytes but " + in.remaining() + " remain");
        }
        frameEnd = in.position() + n;
      }
      case Op.MARK -> {
        if (marks.size() >= PickleLimits.MAX_MARKS) {
          throw new Break("pickle.limit", "more than " + PickleLimits.MAX_MARKS + " open MARKs");
        }
        held += stack.size();
        marks.push(stack);
        stack = new ArrayList<>();
      }
      case Op.POP -> {
        if (!stack.isEmpty()) {
          stack.remove(stack.size() - 1);
        } else {
          popMark(); // CPython: POP on an empty frame discards the mark
        }
      }
      case Op.POP_MARK -> popMark();
      case Op.READONLY_BUFFER -> top(); // marks the buffer on top read-only: it must be there
      default -> push(top()); // DUP
    }
  }

  /** The containers built from nothing, from the items above the mark, or from the top 1–3. */
  private PickleValue container(int code) throws Break {
    return switch (code) {
      case Op.EMPTY_LIST -> new ListV();
      case Op.EMPTY_TUPLE -> new Tuple(List.of());
      case Op.EMPTY_DICT -> new Dict();
      case Op.EMPTY_SET -> new SetV(new ArrayList<>(), false);
      case Op.LIST -> new ListV(new ArrayList<>(popMark()));
      case Op.TUPLE -> new Tuple(List.copyOf(popMark()));
      case Op.DICT -> {
        Dict d = new Dict();
        addPairs(d.entries(), popMark());
        yield d;
      }
      case Op.FROZENSET -> new SetV(List.copyOf(popMark()), true);
      default -> { // TUPLE1..3
        int n = code - Op.TUPLE1 + 1;
        require(n);
        List<PickleValue> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
        stack.subList(stack.size() - n, stack.size()).clear();
        yield new Tuple(List.copyOf(items));
      }
    };
  }

  /** APPEND(S), ADDITEMS, SETITEM(S): items into the container below them. */
  private void fill(int code) throws Break {
    switch (code) {
      case Op.APPEND -> {
        PickleValue v = pop();
        append(top(), List.of(v));
      }
      case Op.APPENDS, Op.ADDITEMS -> {
        List<PickleValue> items = popMark();
        append(top(), items);
      }
      case Op.SETITEM -> {
        PickleValue v = pop();
        PickleValue k = pop();
        setItems(top(), List.of(k, v));
      }
      default -> { // SETITEMS
        List<PickleValue> items = popMark();
        setItems(top(), items);
      }
    }
  }

  /** GET, BINGET, LONG_BINGET, PUT, BINPUT, LONG_BINPUT, MEMOIZE. */
  private void memo(int code) throws IOException, Break {
    switch (code) {
      case Op.GET -> push(get(Operands.integer(args.line().strip()).longValue()));
      case Op.BINGET -> push(get(in.u8()));
      case Op.LONG_BINGET -> push(get(in.u32()));
      case Op.PUT -> put(Operands.integer(args.line().strip()).longValue());
      case Op.BINPUT -> put(in.u8());
      case Op.LONG_BINPUT -> put(in.u32());
      default -> put(memo.size()); // MEMOIZE
    }
  }

  /** Imports, calls, BUILD, extension codes and persistent ids: what unpickling would run. */
  private void object(int code) throws IOException, Break {
    switch (code) {
      case Op.GLOBAL -> {
        String module = Text.utf8(args.lineBytes());
        String name = Text.utf8(args.lineBytes());
        push(resolve(global(module, name, "")));
      }
      case Op.STACK_GLOBAL -> {
        PickleValue name = pop();
        PickleValue module = pop();
        push(resolve(stackGlobal(module, name)));
      }
      case Op.INST -> {
        String module = Text.utf8(args.lineBytes());
        String name = Text.utf8(args.lineBytes());
        PickleValue g = resolve(global(module, name, ""));
        push(call(g, popMark(), List.of(), CallKind.INST));
      }
      case Op.OBJ -> {
        List<PickleValue> items = popMark();
        if (items.isEmpty()) {
          throw new Break("pickle.malformed", "OBJ without a class");
        }
        push(call(items.get(0), items.subList(1, items.size()), List.of(), CallKind.OBJ));
      }
      case Op.REDUCE -> {
        PickleValue a = pop();
        PickleValue fn = pop();
        push(call(fn, argList(a), List.of(), CallKind.REDUCE));
      }
      case Op.NEWOBJ -> {
        PickleValue a = pop();
        PickleValue cls = pop();
        push(call(cls, argList(a), List.of(), CallKind.NEWOBJ));
      }
      case Op.NEWOBJ_EX -> {
        PickleValue kwargs = pop();
        PickleValue a = pop();
        PickleValue cls = pop();
        List<Entry> kw = kwargs instanceof Dict d ? d.entries() : List.of();
        push(call(cls, argList(a), kw, CallKind.NEWOBJ_EX));
      }
      case Op.BUILD -> {
        PickleValue state = pop();
        PickleValue target = top();
        build(state, target);
        if (target instanceof Call c && JoblibArrays.isWrapper(c)) {
          joblibArray(c);
        }
      }
      case Op.EXT1 -> push(ext(in.u8()));
      case Op.EXT2 -> push(ext(in.u16()));
      case Op.EXT4 -> push(ext(in.i32()));
      case Op.PERSID -> persistent(Text.str(Text.latin1(args.lineBytes()), op));
      default -> persistent(pop()); // BINPERSID
    }
  }

  // ---- stack ----

  private void push(PickleValue v) throws Break {
    if (stack.size() + held >= PickleLimits.MAX_STACK) {
      throw new Break("pickle.limit", "stack deeper than " + PickleLimits.MAX_STACK);
    }
    // a stack slot and, mostly, a new value with its lists: ~100 bytes of heap
    args.charge(VALUE_COST, "pickle values");
    stack.add(v);
  }

  private void work(int n) throws Break {
    unchargedOps = 0;
    try {
      budget.work(n, "pickle opcodes", location);
    } catch (InvalidInputException e) {
      throw new Break(e.rule(), e.getMessage());
    }
  }

  private PickleValue pop() throws Break {
    require(1);
    return stack.remove(stack.size() - 1);
  }

  private PickleValue top() throws Break {
    require(1);
    return stack.get(stack.size() - 1);
  }

  private void require(int n) throws Break {
    if (stack.size() < n) {
      throw new Break("pickle.malformed", "stack underflow");
    }
  }

  private List<PickleValue> popMark() throws Break {
    if (marks.isEmpty()) {
      throw new Break("pickle.malformed", "could not find MARK");
    }
    List<PickleValue> items = stack;
    stack = marks.pop();
    held -= stack.size();
    return items;
  }

  private PickleValue get(long index) throws Break {
    PickleValue v = memo.get(index);
    if (v == null) {
      throw new Break("pickle.malformed", "memo key " + index + " not found (memo holds "
          + memo.size() + " entries)");
    }
    return v;
  }

  private void put(long index) throws Break {
    if (index < 0) {
      throw new Break("pickle.malformed", "negative memo index " + index);
    }
    if (memo.size() >= PickleLimits.MAX_MEMO && !memo.containsKey(index)) {
      throw new Break("pickle.limit", "memo larger than " + PickleLimits.MAX_MEMO + " entries");
    }
    args.charge(MEMO_COST, "pickle memo");
    memo.put(index, top());
  }

  // ---- objects ----

  /**
   * STACK_GLOBAL's import. Names Python computes while unpickling (call results, module
   * attributes) are folded where they are constant string operations ({@link NameFolding});
   * otherwise the import is of an unknowable name. Values that cannot be strings at all make
   * Python fail, as they make this machine stop.
   */
  private Global stackGlobal(PickleValue module, PickleValue name) throws Break {
    if (module instanceof Str m && name instanceof Str n && m.complete() && n.complete()) {
      return global(m.text(), n.text(), "");
    }
    boolean stringLike = ((module instanceof Str m && m.complete()) || NameFolding.computed(module))
        && ((name instanceof Str n && n.complete()) || NameFolding.computed(name));
    if (!stringLike) {
      throw new Break("pickle.malformed", "STACK_GLOBAL needs two strings, got "
          + Render.value(module) + " and " + Render.value(name));
    }
    String from = Render.value(module) + ", " + Render.value(name);
    String m = NameFolding.fold(module);
    String n = NameFolding.fold(name);
    return m != null && n != null ? global(m, n, from) : global(NameFolding.UNKNOWN, "?", from);
  }

  private PickleValue resolve(Global g) {
    return rewrites.resolve(g);
  }

  private Global global(String module, String name, String computedFrom) throws Break {
    String[] fixed = PyNames.fix(module, name);
    args.charge(CALL_COST + 4L * (module.length() + name.length()), "pickle names");
    Global g = new Global(fixed[0], fixed[1], module, name, op, computedFrom);
    if (globals.size() >= PickleLimits.MAX_GLOBALS) {
      throw new Break("pickle.limit", "more than " + PickleLimits.MAX_GLOBALS + " imported names");
    }
    globals.add(g);
    return g;
  }

  private Call call(PickleValue fn, List<PickleValue> args, List<Entry> kw, CallKind kind)
      throws Break {
    if (calls.size() >= PickleLimits.MAX_CALLS) {
      throw new Break("pickle.limit", "more than " + PickleLimits.MAX_CALLS + " calls");
    }
    this.args.charge(CALL_COST + 8L * (args.size() + kw.size()), "pickle calls");
    Call c = new Call(fn, List.copyOf(args), List.copyOf(kw), kind, op);
    calls.add(new CallSite(c, op));
    return c;
  }

  /** Steps over the array data joblib writes after a NumpyArrayWrapper's BUILD. */
  private void joblibArray(Call wrapper) throws IOException, Break {
    JoblibArrays.Plan plan = JoblibArrays.plan(wrapper);
    // joblib reads array data from the file itself, while Python's unframer serves opcodes from
    // a FRAME it has already read whole: data for a BUILD inside a frame comes after the frame
    // (and after earlier arrays), and the opcodes go on inside the frame meanwhile.
    long resume = in.position();
    boolean framed = frameEnd > resume;
    in.seek(framed ? (dataAt >= 0 ? dataAt : frameEnd) : resume);
    if (plan.objects()) {
      if (depth >= PickleLimits.MAX_EMBED_DEPTH) {
        throw new Break("pickle.limit", "object arrays nested deeper than "
            + PickleLimits.MAX_EMBED_DEPTH);
      }
      PickleMachine inner = new PickleMachine(src, in.position(), location, depth + 1, budget);
      inner.opcodes = opcodes;
      PickleDescription d = inner.run();
      opcodes = inner.opcodes;
      globals.addAll(d.globals());
      calls.addAll(d.calls());
      pids.addAll(d.persistentIds());
      if (d.error() != null) {
        op = d.error().offset();
        throw new Break(d.error().rule(), "in joblib object array: " + d.error().message());
      }
      // joblib's nested Unpickler (Python's own) reads each FRAME whole: when its STOP comes
      // before the frame's end, the file is left at the frame's end, not after the STOP
      in.seek(Math.max(d.end(), inner.frameEnd));
      stack.set(stack.size() - 1, d.result());
    } else {
      if (plan.padded()) {
        in.skip(in.u8());
      }
      args.length(plan.bytes(), "joblib array data");
      in.skip(plan.bytes());
    }
    if (framed) {
      dataAt = in.position();
      in.seek(resume);
    }
  }

  private static List<PickleValue> argList(PickleValue args) {
    return args instanceof Tuple t ? t.items() : List.of(args);
  }

  private void build(PickleValue state, PickleValue target) throws Break {
    if (target instanceof Call c) {
      c.states().add(state);
    }
    if (target instanceof Global g) {
      rewrites.record(g, state);
    }
    if (target instanceof Call || target instanceof Global) {
      if (calls.size() >= PickleLimits.MAX_CALLS) {
        throw new Break("pickle.limit", "more than " + PickleLimits.MAX_CALLS + " calls");
      }
      calls.add(new CallSite(new Call(target, List.of(state), List.of(), CallKind.SETSTATE, op),
          op));
    }
  }

  private static void append(PickleValue target, List<PickleValue> items) {
    switch (target) {
      case ListV l -> l.items().addAll(items);
      case SetV s when !s.frozen() -> s.items().addAll(items);
      case Call c -> c.items().addAll(items);
      default -> { } // Python would fail on a method lookup; nothing more runs on this value
    }
  }

  private void setItems(PickleValue target, List<PickleValue> items) throws Break {
    switch (target) {
      case Dict d -> addPairs(d.entries(), items);
      case Call c -> addPairs(c.entries(), items);
      default -> { }
    }
  }

  private void addPairs(List<Entry> into, List<PickleValue> items) throws Break {
    if (items.size() % 2 != 0) {
      throw new Break("pickle.malformed", "odd number of items for a dict");
    }
    args.charge(16L * items.size(), "pickle dict entries");
    for (int k = 0; k < items.size(); k += 2) {
      into.add(new Entry(items.get(k), items.get(k + 1)));
    }
  }

  private PickleValue ext(long code) throws Break {
    if (code <= 0) {
      throw new Break("pickle.malformed", "EXT code " + code + " is not positive");
    }
    return new PickleValue.Extension(code, op);
  }

  private void persistent(PickleValue pid) throws Break {
    PickleValue.PersistentRef ref = new PickleValue.PersistentRef(pid, op);
    pids.add(ref);
    push(ref);
  }

  /** Stops the machine: Python's unpickler would raise here. */
  static final class Break extends Exception {
    private static final long serialVersionUID = 1L;
    final String rule;
    private final String message;

    Break(String rule, String message) {
      super(message, null, false, false);
      this.rule = rule;
      this.message = message;
    }

    /** Never null: every Break is made with a message. */
    @Override
    public String getMessage() {
      return message;
    }
  }
}
