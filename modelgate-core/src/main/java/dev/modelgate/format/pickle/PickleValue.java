package dev.modelgate.format.pickle;

import dev.modelgate.io.ByteSource;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A value on the symbolic pickle stack. Nothing here was ever executed: a {@link Call} is the call
 * Python would make, a {@link Global} the name it would import. Containers are mutable while the
 * machine runs (APPEND, SETITEM, BUILD change them in place, exactly as in Python), and the value
 * graph may contain cycles through the memo, so any walker must bound its depth and track
 * visited containers.
 */
public sealed interface PickleValue {

  /** {@code None}. */
  record None() implements PickleValue {
    public static final None INSTANCE = new None();
  }

  record Bool(boolean value) implements PickleValue {}

  record Int(BigInteger value) implements PickleValue {
    /** The value when it fits a long, else {@code fallback}. */
    public long longValue(long fallback) {
      return value.bitLength() < 64 ? value.longValue() : fallback;
    }
  }

  @SuppressWarnings("AvoidCommonTypeNames") // always used as PickleValue.Float / in a switch
  record Float(double value) implements PickleValue {}

  /**
   * A text string. {@code text} is the whole string when {@code complete}, else only its start
   * (long strings, such as array data in protocol 2 numpy pickles, are not held in memory).
   *
   * @param offset file offset of the opcode that pushed it
   * @param byteLength encoded length in the stream
   */
  record Str(String text, boolean complete, long offset, long byteLength) implements PickleValue {}

  /**
   * Bytes or a bytearray. {@code data} is a window on the input (or decoded bytes for protocol 0
   * strings), never a copy of a large payload.
   */
  record Bytes(ByteSource data, long offset, boolean bytearray) implements PickleValue {
    public long length() {
      return data.size();
    }
  }

  /** A list; {@code items} grows with APPEND/APPENDS. */
  record ListV(List<PickleValue> items) implements PickleValue {
    public ListV() {
      this(new ArrayList<>());
    }
  }

  record Tuple(List<PickleValue> items) implements PickleValue {}

  /** A dict as its entries in insertion order (keys may be any symbolic value). */
  record Dict(List<Entry> entries) implements PickleValue {
    public Dict() {
      this(new ArrayList<>());
    }

    /** The value of the first entry whose key is the string {@code key}, or null. */
    public @Nullable PickleValue get(String key) {
      for (Entry e : entries) {
        if (e.key() instanceof Str s && s.complete() && s.text().equals(key)) {
          return e.value();
        }
      }
      return null;
    }
  }

  record Entry(PickleValue key, PickleValue value) {}

  record SetV(List<PickleValue> items, boolean frozen) implements PickleValue {}

  /**
   * A name Python would import ({@code find_class}). {@code module} and {@code name} are after
   * py2 name fixing; {@code rawModule}/{@code rawName} as written in the file.
   */
  record Global(String module, String name, String rawModule, String rawName, long offset,
      String computedFrom) implements PickleValue {
    public Global(String module, String name, String rawModule, String rawName, long offset) {
      this(module, name, rawModule, rawName, offset, "");
    }

    public String qualified() {
      return module + "." + name;
    }

    /** True when STACK_GLOBAL was given computed values ({@code computedFrom} renders them). */
    public boolean computed() {
      return !computedFrom.isEmpty();
    }
  }

  /**
   * The result of calling {@code callable}: REDUCE, INST, OBJ, NEWOBJ, NEWOBJ_EX. Later opcodes
   * may add list items (APPEND), dict items (SETITEM) or a state (BUILD) to the object it makes.
   */
  record Call(PickleValue callable, List<PickleValue> args, List<Entry> kwargs, CallKind kind,
      long offset, List<PickleValue> items, List<Entry> entries, List<PickleValue> states)
      implements PickleValue {
    public Call(PickleValue callable, List<PickleValue> args, List<Entry> kwargs, CallKind kind,
        long offset) {
      this(callable, args, kwargs, kind, offset, new ArrayList<>(), new ArrayList<>(),
          new ArrayList<>());
    }

    /** The callable when it is a plain imported name, else null. */
    public @Nullable Global global() {
      return callable instanceof Global g ? g : null;
    }
  }

  /** A persistent id (PERSID/BINPERSID), resolved by the loader: torch storages. */
  record PersistentRef(PickleValue pid, long offset) implements PickleValue {}

  /** An object from the copyreg extension registry (EXT1/2/4); unknown to a stock Python. */
  record Extension(long code, long offset) implements PickleValue {}

  /** An out-of-band buffer (NEXT_BUFFER), supplied by the loader, not the file. */
  record OutOfBand(long offset, boolean readonly) implements PickleValue {}

  /** How a call is made. */
  enum CallKind {
    REDUCE, INST, OBJ, NEWOBJ, NEWOBJ_EX, SETSTATE;
  }
}
