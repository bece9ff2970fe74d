package dev.modelgate.format.flax;

import dev.modelgate.format.flax.Msgpack.Header;
import dev.modelgate.format.flax.Msgpack.Kind;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.spi.ScanContext;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Walks a Flax checkpoint ({@code flax.serialization.to_bytes}: one MessagePack map) as
 * {@code msgpack_restore} would decode it, without holding it: ndarray and scalar ext payloads
 * (type 1 and 3: a msgpack {@code (shape, dtype name, bytes)} triple) must describe exactly the
 * bytes they carry, complex payloads (type 2) must be a pair, and chunked arrays (maps marked
 * {@code __msgpack_chunked_array__}) must list chunks that add up to their shape, or the loader
 * fails. Ext types outside Flax's three come back to the caller as opaque {@code ExtType}
 * objects: nothing runs, but nothing Flax wrote looks like that, so they are suspicious.
 */
final class FlaxWalker {
  static final int NDARRAY = 1;
  static final int COMPLEX = 2;
  static final int SCALAR = 3;
  /** msgpack-python's C unpacker stops at a stack of 1024; real state dicts nest a dozen deep. */
  static final int MAX_DEPTH = 512;
  static final int MAX_DIMS = 64;
  static final int KEEP_TEXT = 256;
  static final String CHUNKED = "__msgpack_chunked_array__";

  /** An ndarray's element count, for chunk checks. */
  record Arr(long elements) {}

  private static final Object OTHER = new Object();

  private final ScanContext ctx;
  private final Msgpack in;
  private int arrays;

  FlaxWalker(ScanContext ctx, Msgpack in) {
    this.ctx = ctx;
    this.in = in;
  }

  /** Walks the document; returns the number of arrays found. */
  int document() throws IOException {
    long at = in.position();
    Header h = in.next();
    if (h.kind() != Kind.MAP) {
      throw in.bad("flax.structure", "a Flax checkpoint is a map, this starts with a "
          + h.kind(), at);
    }
    container(h, 1, false);
    if (!in.atEnd()) {
      throw in.bad("flax.malformed", "data after the checkpoint's map (msgpack refuses it as"
          + " extra data)", in.position());
    }
    return arrays;
  }

  /** A decoded value (null for msgpack nil), or {@code OTHER} for what is not kept. */
  private @Nullable Object value(int depth, boolean keep) throws IOException {
    Header h = in.next();
    return switch (h.kind()) {
      case NIL -> null;
      case BOOL -> h.number() != 0;
      case INT -> (long) h.number();
      case FLOAT -> h.number();
      case STR -> in.text(h, KEEP_TEXT);
      case BIN -> {
        in.skip(h);
        yield OTHER;
      }
      case EXT -> ext(h);
      case ARRAY, MAP -> container(h, depth + 1, keep);
    };
  }

  private Object container(Header h, int depth, boolean keep) throws IOException {
    if (depth > MAX_DEPTH) {
      throw in.bad("flax.limit", "nested deeper than " + MAX_DEPTH, h.offset());
    }
    if (h.kind() == Kind.ARRAY) {
      for (long k = 0; k < h.length(); k++) {
        value(depth, false);
      }
      return OTHER;
    }
    // Allocated whenever keep is set (the kept != null tests below only tell NullAway so).
    Map<Object, Object> kept = keep ? new LinkedHashMap<>() : null;
    boolean chunked = false;
    for (long k = 0; k < h.length(); k++) {
      Object key = value(depth, false);
      boolean inner = chunked && ("shape".equals(key) || "chunks".equals(key));
      Object v = value(depth, inner);
      if (CHUNKED.equals(key)) {
        chunked = true;
      }
      if (inner) {
        kept = kept == null ? new LinkedHashMap<>() : kept;
        kept.put(key, v);
      } else if (keep && key != null && kept != null && kept.size() < 1 << 16) {
        kept.put(key, v);
      }
    }
    if (chunked) {
      chunks(kept, h.offset());
    }
    return keep && kept != null ? kept : OTHER;
  }

  /** {@code _unchunk}: shape and chunks are dicts keyed "0".."n-1"; chunk sizes sum to the shape. */
  private void chunks(@Nullable Map<Object, Object> m, long at) throws InvalidInputException {
    Object shape = m == null ? null : m.get("shape");
    Object chunks = m == null ? null : m.get("chunks");
    if (!(shape instanceof Map<?, ?> s) || !(chunks instanceof Map<?, ?> c)) {
      throw in.bad("flax.structure", "chunked array without shape and chunks dicts (after its"
          + " marker, as Flax writes them)", at);
    }
    long total = 1;
    for (int i = 0; i < s.size(); i++) {
      if (!(s.get(String.valueOf(i)) instanceof Long d) || d < 0) {
        throw in.bad("flax.structure", "chunked array shape has no dimension \"" + i + "\"", at);
      }
      total = multiply(total, d, at);
    }
    long sum = 0;
    for (int i = 0; i < c.size(); i++) {
      if (!(c.get(String.valueOf(i)) instanceof Arr a)) {
        throw in.bad("flax.structure", "chunked array has no array chunk \"" + i + "\"", at);
      }
      sum += a.elements();
    }
    if (sum != total) {
      throw in.bad("flax.array-size", "chunks hold " + sum + " elements but the shape needs "
          + total, at);
    }
  }

  private Object ext(Header h) throws IOException {
    ByteSource payload = in.payload(h);
    String where = in.at(h.offset());
    switch (h.ext()) {
      case NDARRAY, SCALAR -> {
        arrays++;
        return new Arr(ndarray(new Msgpack(payload, where), h.offset()));
      }
      case COMPLEX -> {
        Msgpack p = new Msgpack(payload, where);
        Header t = p.next();
        boolean ok = t.kind() == Kind.ARRAY && t.length() == 2;
        for (int k = 0; ok && k < 2; k++) {
          Kind x = p.next().kind();
          ok = x == Kind.INT || x == Kind.FLOAT;
        }
        if (!ok || !p.atEnd()) {
          throw in.bad("flax.structure", "complex number ext is not a (real, imag) pair",
              h.offset());
        }
        return OTHER;
      }
      default -> {
        ctx.suspicious("flax.unknown-ext", "MessagePack ext type " + h.ext() + " is none of"
            + " Flax's (1 ndarray, 2 complex, 3 scalar); the loader returns it undecoded to"
            + " code that expects arrays", where, "ExtType(" + h.ext() + ", " + h.length()
            + " bytes)");
        return OTHER;
      }
    }
  }

  /** {@code np.frombuffer(buffer, dtype).reshape(shape)}: returns the element count. */
  private long ndarray(Msgpack p, long at) throws IOException {
    Header t = p.next();
    if (t.kind() != Kind.ARRAY || t.length() != 3) {
      throw in.bad("flax.structure", "ndarray ext is not a (shape, dtype, data) triple", at);
    }
    Header s = p.next();
    if (s.kind() != Kind.ARRAY || s.length() > MAX_DIMS) {
      throw in.bad("flax.structure", "ndarray shape is not a list of at most " + MAX_DIMS
          + " dimensions", at);
    }
    long elements = 1;
    for (long k = 0; k < s.length(); k++) {
      Header d = p.next();
      if (d.kind() != Kind.INT || d.number() < 0) {
        throw in.bad("flax.structure", "ndarray dimension " + k + " is not a non-negative"
            + " integer", at);
      }
      elements = multiply(elements, (long) d.number(), at);
    }
    Header dt = p.next();
    if (dt.kind() != Kind.STR && dt.kind() != Kind.BIN) {
      throw in.bad("flax.structure", "ndarray dtype is not a name", at);
    }
    String dtype = p.text(dt, KEEP_TEXT);
    Header data = p.next();
    if (data.kind() != Kind.BIN && data.kind() != Kind.STR) {
      throw in.bad("flax.structure", "ndarray data is not bytes", at);
    }
    p.skip(data);
    if (!p.atEnd()) {
      throw in.bad("flax.malformed", "ndarray ext has data after its triple", at);
    }
    if (FlaxDtypes.object(dtype)) {
      throw in.bad("flax.object-dtype", "ndarray of dtype '" + dtype + "': np.frombuffer"
          + " refuses object arrays, so the checkpoint cannot load", at);
    }
    int size = FlaxDtypes.size(dtype);
    if (size < 0) {
      ctx.suspicious("flax.unknown-dtype", "ndarray dtype '" + dtype + "' is not one Flax"
          + " writes; its size could not be checked", in.at(at), dtype);
    } else if (elements > Long.MAX_VALUE / size || elements * size != data.length()) {
      throw in.bad("flax.array-size", "ndarray of " + elements + " " + dtype
          + " elements carries " + data.length() + " bytes; reshape fails", at);
    }
    return elements;
  }

  private long multiply(long a, long b, long at) throws InvalidInputException {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      throw in.bad("flax.array-size", "array shape overflows 64 bits", at);
    }
  }
}
