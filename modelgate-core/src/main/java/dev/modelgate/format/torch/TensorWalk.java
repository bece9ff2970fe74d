package dev.modelgate.format.torch;

import dev.modelgate.format.pickle.PickleValue;
import dev.modelgate.format.pickle.PickleValue.Call;
import dev.modelgate.format.pickle.PickleValue.Dict;
import dev.modelgate.format.pickle.PickleValue.Entry;
import dev.modelgate.format.pickle.PickleValue.Global;
import dev.modelgate.format.pickle.PickleValue.Int;
import dev.modelgate.format.pickle.PickleValue.ListV;
import dev.modelgate.format.pickle.PickleValue.PersistentRef;
import dev.modelgate.format.pickle.PickleValue.Str;
import dev.modelgate.format.pickle.PickleValue.Tuple;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.tensor.Tensor;
import dev.modelgate.tensor.DType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Finds the tensors in a symbolic pickle value tree: the calls torch.load would make to rebuild
 * tensors ({@link Rebuild}: {@code torch._utils._rebuild_tensor_v2} and friends), read as data,
 * never executed. Containers (dicts, {@code OrderedDict}s, lists, tuples) give the names;
 * anything else is a non-tensor leaf and is counted, not converted. It walks the pickle the scan
 * judged (a {@link TorchCheckpoint}'s), never bytes of its own.
 *
 * <p>The value graph is file-controlled: memo references can share a container many times or form
 * cycles, so the walk bounds its depth, refuses cycles on the current path, and bounds the total
 * number of nodes it visits (sharing can make a small file describe an exponential tree).
 */
final class TensorWalk {
  static final int MAX_DEPTH = 64;
  static final int MAX_NODES = 2_000_000;
  static final int MAX_RANK = 64;

  /**
   * A storage a persistent id names, resolved by the container format.
   *
   * @param typedAs the element type of a typed storage, null for an untyped one
   */
  record Storage(String key, ByteSource bytes, @Nullable DType typedAs, boolean bigEndian) {}

  /** Resolves a persistent id to a storage (zip member, legacy record ...). */
  @FunctionalInterface
  interface Resolver {
    Storage resolve(PickleValue pid, long offset) throws IOException;

    /**
     * A persistent id that stands for a whole tensor (the legacy TAR format), named
     * {@code name}; null when the id is not a tensor.
     */
    default @Nullable Found tensor(PickleValue pid, String name, long offset)
        throws IOException {
      return null;
    }
  }

  /** One tensor view found: offset, size and stride in elements of {@code dtype}. */
  @SuppressWarnings("ArrayRecordComponent") // read once by the converter, never compared
  record Found(String name, Storage storage, DType dtype, long offset, long[] size,
      long[] stride) {}

  /** The tensor view, ready to copy (bounds are checked when it is copied). */
  static Tensor toTensor(Found f) {
    return new Tensor(display(f.name()), f.dtype(), f.size(), f.stride(), f.offset(),
        f.storage().bytes(), f.storage().key(), f.storage().bigEndian());
  }

  /** Tensors plus the count of non-tensor leaves skipped. */
  record Result(List<Found> tensors, int skipped) {}

  private final Resolver resolver;
  private final List<Found> found = new ArrayList<>();
  private final Set<Object> path = Collections.newSetFromMap(new IdentityHashMap<>());
  private int nodes;
  private int skipped;

  private TensorWalk(Resolver resolver) {
    this.resolver = resolver;
  }

  static Result extract(@Nullable PickleValue root, Resolver resolver) throws IOException {
    TensorWalk w = new TensorWalk(resolver);
    if (root == null) {
      throw new InvalidInputException("convert.no-result", "the pickle returns no value", "");
    }
    w.walk(root, "", 0);
    // a name set twice (SETITEM on an existing key) keeps its first position and last value, as
    // in a Python dict
    java.util.Map<String, Found> byName = new java.util.LinkedHashMap<>();
    for (Found f : w.found) {
      byName.put(f.name(), f);
    }
    return new Result(List.copyOf(byName.values()), w.skipped);
  }

  private void walk(PickleValue v, String name, int depth) throws IOException {
    if (++nodes > MAX_NODES) {
      throw new InvalidInputException("convert.limit", "the pickle's value tree has more than "
          + MAX_NODES + " nodes", "");
    }
    if (depth > MAX_DEPTH) {
      throw new InvalidInputException("convert.limit", "containers nested deeper than "
          + MAX_DEPTH + " at " + display(name), "");
    }
    if (!path.add(v)) {
      throw new InvalidInputException("convert.cycle", "the value at " + display(name)
          + " contains itself", "");
    }
    try {
      switch (v) {
        case Dict d -> entries(d.entries(), name, depth);
        case ListV l -> items(l.items(), name, depth);
        case Tuple t -> items(t.items(), name, depth);
        case Call c -> call(c, name, depth);
        case PersistentRef p -> {
          Found f = resolver.tensor(p.pid(), name, p.offset());
          if (f == null) {
            skipped++;
          } else {
            found.add(f);
          }
        }
        default -> skipped++;
      }
    } finally {
      path.remove(v);
    }
  }

  private void entries(List<Entry> entries, String name, int depth) throws IOException {
    for (Entry e : entries) {
      String key = switch (e.key()) {
        case Str s when s.complete() -> s.text();
        case Int i -> i.value().toString();
        default -> null;
      };
      if (key == null) {
        skipped++;
        continue;
      }
      walk(e.value(), join(name, key), depth + 1);
    }
  }

  private void items(List<PickleValue> items, String name, int depth) throws IOException {
    for (int k = 0; k < items.size(); k++) {
      walk(items.get(k), join(name, Integer.toString(k)), depth + 1);
    }
  }

  private void call(Call c, String name, int depth) throws IOException {
    Global g = c.global();
    String q = g == null ? "" : g.qualified();
    Rebuild rebuild = Rebuild.of(q);
    if (rebuild != null && rebuild.convertible) {
      found.add(tensor(c, rebuild, name));
    } else if (Rebuild.WRAPPERS.contains(q)) {
      if (c.args().isEmpty()) {
        throw bad(name, q + " has no tensor argument");
      }
      PickleValue inner = c.args().get(0);
      if (!(inner instanceof Call ic) || !Rebuild.rebuildsTensor(ic)) {
        throw bad(name, q + " wraps something that is not a tensor");
      }
      walk(inner, name, depth + 1);
    } else if (Rebuild.family(q)) {
      throw new InvalidInputException("convert.unsupported-tensor", display(name)
          + " is rebuilt by " + q + ", which has no safetensors equivalent"
          + " (quantized, sparse or meta tensors are not converted)", "");
    } else if (q.equals("collections.OrderedDict") || q.equals("builtins.dict")
        || q.equals("__builtin__.dict")) {
      // OrderedDict() then SETITEMS, or OrderedDict([(k, v), ...])
      List<Entry> pairs = c.args().isEmpty() ? null : pairs(c.args().get(0));
      if (pairs != null) {
        entries(pairs, name, depth);
      }
      entries(c.entries(), name, depth);
    } else {
      skipped++;
    }
  }

  /** {@code [(k, v), ...]} as entries, or null. */
  private static @Nullable List<Entry> pairs(PickleValue v) {
    List<PickleValue> items = switch (v) {
      case ListV l -> l.items();
      case Tuple t -> t.items();
      default -> null;
    };
    if (items == null) {
      return null;
    }
    List<Entry> out = new ArrayList<>();
    for (PickleValue p : items) {
      List<PickleValue> kv = p instanceof Tuple t ? t.items() : p instanceof ListV l ? l.items()
          : null;
      if (kv == null || kv.size() != 2) {
        return null;
      }
      out.add(new Entry(kv.get(0), kv.get(1)));
    }
    return out;
  }

  /** {@code _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, meta])}. */
  private Found tensor(Call c, Rebuild rebuild, String name) throws IOException {
    String q = rebuild.qualified;
    List<PickleValue> a = c.args();
    if (a.size() < 4) {
      throw bad(name, q + " called with " + a.size() + " arguments");
    }
    if (!(a.get(0) instanceof PersistentRef ref)) {
      throw bad(name, "the storage argument is not a persistent id");
    }
    Storage s = resolver.resolve(ref.pid(), ref.offset());
    long offset = integer(a.get(1), name, "storage offset");
    long[] size = ints(a.get(2), name, "size");
    long[] stride = ints(a.get(3), name, "stride");
    if (size.length != stride.length) {
      throw bad(name, "size and stride differ in rank");
    }
    DType dtype = s.typedAs();
    if (rebuild.dtypeArgument) {
      // v3 is written for untyped storages: the dtype is the 7th argument, a torch.<dtype> global
      if (a.size() < rebuild.minArgs() || !(a.get(6) instanceof Global g) || !g.module().equals("torch")) {
        throw bad(name, "_rebuild_tensor_v3 without a torch dtype argument");
      }
      dtype = DType.ofTorchDtype(g.name()).orElseThrow(() -> unsupported(name, "torch." + g.name()));
    }
    if (dtype == null) {
      throw bad(name, "its storage is untyped and the call names no dtype");
    }
    return new Found(name, s, dtype, offset, size, stride);
  }

  private static long integer(PickleValue v, String name, String what)
      throws InvalidInputException {
    if (v instanceof Int i && i.value().bitLength() < 63 && i.value().signum() >= 0) {
      return i.value().longValue();
    }
    throw bad(name, what + " is not a non-negative integer");
  }

  private static long[] ints(PickleValue v, String name, String what)
      throws InvalidInputException {
    List<PickleValue> items = switch (v) {
      case Tuple t -> t.items();
      case ListV l -> l.items();
      default -> throw bad(name, what + " is not a tuple");
    };
    if (items.size() > MAX_RANK) {
      throw bad(name, what + " has " + items.size() + " dimensions");
    }
    long[] out = new long[items.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = integer(items.get(k), name, what);
    }
    return out;
  }

  static InvalidInputException unsupported(String name, String dtype) {
    return new InvalidInputException("convert.unsupported-dtype", display(name) + " has dtype "
        + dtype + ", which safetensors cannot hold", "");
  }

  private static InvalidInputException bad(String name, String message) {
    return new InvalidInputException("convert.tensor", display(name) + ": " + message, "");
  }

  private static String join(String prefix, String key) {
    return prefix.isEmpty() ? key : prefix + "." + key;
  }

  static String display(String name) {
    return name.isEmpty() ? "tensor" : name;
  }
}
