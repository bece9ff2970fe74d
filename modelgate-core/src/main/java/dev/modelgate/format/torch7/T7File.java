package dev.modelgate.format.torch7;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.SourceReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Lua torch serialization stream ({@code torch.save} binary format, torch7's
 * {@code File.lua} {@code writeObject}) without building the objects: every object is an int32
 * type, then its payload; tables, torch objects and recursive functions carry a reference index,
 * and an index already read stands for that object with no payload. Tensors and storages are
 * read by their own layout (dimensions, sizes, strides, offset, then the storage; element count,
 * then raw data, skipped). Every count and size is checked against the bytes left, nesting and
 * object count are bounded, and a tensor view must lie inside its storage.
 */
final class T7File {
  static final int NIL = 0;
  static final int NUMBER = 1;
  static final int STRING = 2;
  static final int TABLE = 3;
  static final int TORCH = 4;
  static final int BOOLEAN = 5;
  static final int FUNCTION = 6;
  static final int LEGACY_RECUR_FUNCTION = 7;
  static final int RECUR_FUNCTION = 8;
  static final int MAX_DEPTH = 500;
  static final long MAX_OBJECTS = 5_000_000;
  static final int MAX_NAME = 1024;
  /** torch7's THTensor has no dimension limit; real tensors have a handful. */
  static final int MAX_DIMS = 64;

  /** What the rules need: the classes instantiated and the Lua functions loaded. */
  record ClassUse(String name, String location) {}

  record FunctionUse(int bytes, String header, String location) {}

  private final SourceReader in;
  /** Reference index to element count, for storages (tensors check their view against it). */
  private final Map<Long, Long> storages = new HashMap<>();
  private final java.util.Set<Long> seen = new java.util.HashSet<>();
  final List<ClassUse> classes = new ArrayList<>();
  final List<FunctionUse> functions = new ArrayList<>();
  private long objects;

  T7File(ByteSource src, String file) {
    this.in = new SourceReader(src, 0, "torch7", file);
  }

  /** Reads every top-level object of the stream (torch.save writes one). */
  void read() throws IOException {
    readObject(0);
    if (!in.atEnd()) {
      throw bad("torch7.trailing-data", in.remaining() + " bytes follow the serialized object",
          in.position());
    }
  }

  /** Returns the storage element count when the object read was a storage, else -1. */
  private long readObject(int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw bad("torch7.depth", "objects nested deeper than " + MAX_DEPTH, in.position());
    }
    if (++objects > MAX_OBJECTS) {
      throw bad("torch7.object-count", "more than " + MAX_OBJECTS + " objects", in.position());
    }
    long at = in.position();
    int type = in.i32();
    switch (type) {
      case NIL -> { }
      case NUMBER -> in.skip(8);
      case BOOLEAN -> in.skip(4);
      case STRING -> string("string", Integer.MAX_VALUE);
      case FUNCTION -> function(at, depth);
      case TABLE, TORCH, RECUR_FUNCTION, LEGACY_RECUR_FUNCTION -> {
        long index = in.i32();
        if (!seen.add(index)) {
          return storages.getOrDefault(index, -1L); // a reference to an object already read
        }
        switch (type) {
          case TABLE -> table(depth);
          case TORCH -> {
            return torch(index, at, depth);
          }
          default -> function(at, depth);
        }
      }
      default -> throw bad("torch7.type", "unknown object type " + type, at);
    }
    return -1;
  }

  private void table(int depth) throws IOException {
    long at = in.position();
    long size = in.i32();
    // every entry is at least a key and a value of 4 bytes each
    if (size < 0 || size > in.remaining() / 8) {
      throw bad("torch7.table-size", "table of " + size + " entries cannot fit in the "
          + in.remaining() + " bytes that remain", at);
    }
    for (long k = 0; k < size; k++) {
      readObject(depth + 1);
      readObject(depth + 1);
    }
  }

  private void function(long at, int depth) throws IOException {
    byte[] dumped = string("function", Integer.MAX_VALUE);
    int n = Math.min(dumped.length, 4);
    StringBuilder h = new StringBuilder();
    for (int k = 0; k < n; k++) {
      int c = dumped[k] & 0xff;
      h.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
    }
    functions.add(new FunctionUse(dumped.length, h.toString(), in.at(at)));
    readObject(depth + 1); // upvalues table
  }

  private long torch(long index, long at, int depth) throws IOException {
    String version = new String(string("class name", MAX_NAME), StandardCharsets.ISO_8859_1);
    String name = version.startsWith("V ")
        ? new String(string("class name", MAX_NAME), StandardCharsets.ISO_8859_1) : version;
    classes.add(new ClassUse(name, in.at(at)));
    if (T7Class.isStorage(name)) {
      long count = storage(name);
      storages.put(index, count);
      return count;
    }
    if (T7Class.isTensor(name)) {
      tensor(name, depth);
    } else {
      readObject(depth + 1); // the object's fields, as a table
    }
    return -1;
  }

  /** Storage: int64 element count, then the raw elements (skipped). */
  private long storage(String name) throws IOException {
    long at = in.position();
    long count = in.u64();
    int elem = T7Class.elementSize(name);
    if (count < 0 || count > in.remaining() / elem) {
      throw bad("torch7.storage-size", name + " of " + Long.toUnsignedString(count) + " elements"
          + " cannot fit in the " + in.remaining() + " bytes that remain", at);
    }
    in.skip(count * elem);
    return count;
  }

  /** Tensor: int32 ndim, int64 sizes and strides, int64 1-based offset, then its storage. */
  private void tensor(String name, int depth) throws IOException {
    long at = in.position();
    int ndim = in.i32();
    if (ndim < 0 || ndim > MAX_DIMS) {
      throw bad("torch7.tensor-dims", name + " has " + ndim + " dimensions", at);
    }
    long[] size = new long[ndim];
    long[] stride = new long[ndim];
    for (int d = 0; d < ndim; d++) {
      size[d] = in.u64();
    }
    for (int d = 0; d < ndim; d++) {
      stride[d] = in.u64();
    }
    long offset = in.u64();
    long storage = readObject(depth + 1);
    long extent = 0; // last element index + 1 relative to the offset
    boolean empty = ndim == 0;
    for (int d = 0; d < ndim; d++) {
      if (size[d] < 0 || stride[d] < 0) {
        throw bad("torch7.tensor-view", name + " has a negative size or stride", at);
      }
      if (size[d] == 0) {
        empty = true;
      } else {
        try {
          extent = Math.addExact(extent, Math.multiplyExact(size[d] - 1, stride[d]));
        } catch (ArithmeticException e) {
          throw bad("torch7.tensor-view", name + " sizes and strides overflow 64 bits", at);
        }
      }
    }
    if (empty) {
      return;
    }
    if (storage < 0) {
      throw bad("torch7.tensor-view", name + " has elements but no storage", at);
    }
    if (offset < 1 || offset - 1 > storage - 1 - extent) {
      throw bad("torch7.tensor-view", name + " view (offset " + offset + ", last element "
          + (offset - 1 + extent) + ") lies outside its storage of " + storage + " elements", at);
    }
  }

  /** int32 length, then that many bytes (at most {@code max}). */
  private byte[] string(String what, int max) throws IOException {
    long at = in.position();
    long n = in.i32();
    if (n < 0 || n > in.remaining()) {
      throw bad("torch7.string-length", what + " length " + n + " exceeds the "
          + in.remaining() + " bytes that remain", at);
    }
    if (n > max) {
      throw bad("torch7.string-length", what + " length " + n + " exceeds " + max, at);
    }
    if (n > 1 << 20) {
      in.skip(n); // long strings are data; only functions' first bytes are shown
      return new byte[0];
    }
    return in.bytes(n);
  }

  private InvalidInputException bad(String rule, String message, long at) {
    return new InvalidInputException(rule, message, in.at(at));
  }
}
