package dev.modelgate.format.rdata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Walks the items of an R serialization stream as {@code ReadItem} in R's {@code serialize.c}
 * reads them, without building anything: each item is a flags integer (type in the low byte,
 * attribute/tag/object bits, levels above bit 12) and its payload. Pairlist chains are followed
 * in a loop, other nesting is bounded, every length is checked against the bytes left, and
 * references must point at an object already read. What can run code is recorded with where it
 * was found: promises, active bindings, closures, byte code, and the functions named inside
 * code (calls, formulas, expression vectors, function bodies, promise code).
 */
final class RUnserialize {
  // SEXP types and the stream's pseudo-types.
  static final int SYMSXP = 1, LISTSXP = 2, CLOSXP = 3, ENVSXP = 4, PROMSXP = 5, LANGSXP = 6,
      SPECIALSXP = 7, BUILTINSXP = 8, CHARSXP = 9, LGLSXP = 10, INTSXP = 13, REALSXP = 14,
      CPLXSXP = 15, STRSXP = 16, DOTSXP = 17, VECSXP = 19, EXPRSXP = 20, BCODESXP = 21,
      EXTPTRSXP = 22, WEAKREFSXP = 23, RAWSXP = 24, S4SXP = 25;
  static final int REFSXP = 255, NILVALUE = 254, GLOBALENV = 253, UNBOUNDVALUE = 252,
      MISSINGARG = 251, BASENAMESPACE = 250, NAMESPACESXP = 249, PACKAGESXP = 248,
      PERSISTSXP = 247, BCREPDEF = 244, BCREPREF = 243, EMPTYENV = 242, BASEENV = 241,
      ATTRLANGSXP = 240, ATTRLISTSXP = 239, ALTREP = 238;
  private static final int HAS_ATTR = 1 << 9;
  private static final int HAS_TAG = 1 << 10;
  /** Pairlist cell levels: the binding is active (a function called on every access). */
  private static final int ACTIVE_BINDING = 1 << 15;
  static final int MAX_DEPTH = 1000;
  static final long MAX_ITEMS = 50_000_000L;
  static final int MAX_REFS = 5_000_000;
  static final int KEEP_NAME = 256;

  enum Kind { PROMISE, LAZY_VALUE, ACTIVE_BINDING, CLOSURE, BYTECODE, DANGEROUS_CALL, ALTREP, NAMESPACE }

  /** One thing that can run code, or that R resolves from installed packages. */
  record Use(Kind kind, String detail, String location) {}

  private final RInput in;
  /** Reference table: a symbol's name, or null for environments and other referenced objects. */
  private final List<String> refs = new ArrayList<>();
  final List<Use> uses = new ArrayList<>();
  private long items;
  /** Calls (and byte code) read so far: a promise whose code holds none only looks up a value. */
  private long calls;
  /** Names read while collecting (an ALTREP class's info pairlist, a namespace's spec). */
  private @Nullable List<String> collect;

  RUnserialize(RInput in) {
    this.in = in;
  }

  void read() throws IOException {
    item(0, false);
    in.trailingSpace();
    if (in.in.remaining() > 0) {
      throw in.bad("r.trailing-data", in.in.remaining() + " bytes follow the serialized object",
          in.position());
    }
  }

  private void item(int depth, boolean code) throws IOException {
    long at = in.position();
    dispatch(in.integer(), at, depth, code, false);
  }

  /** @param head the item is in a call's function position ({@code f} of {@code f(x)}) */
  private void dispatch(int flags, long at, int depth, boolean code, boolean head)
      throws IOException {
    if (depth > MAX_DEPTH) {
      throw in.bad("r.depth", "objects nested deeper than " + MAX_DEPTH, at);
    }
    if (++items > MAX_ITEMS) {
      throw in.bad("r.items", "more than " + MAX_ITEMS + " objects", at);
    }
    int type = flags & 0xff;
    boolean attr = (flags & HAS_ATTR) != 0;
    // These carry no attributes after their payload (pairlists and environments read their
    // own; a reference's flag bits are its index).
    switch (type) {
      case NILVALUE, GLOBALENV, UNBOUNDVALUE, MISSINGARG, BASENAMESPACE, EMPTYENV, BASEENV -> {
        return;
      }
      case REFSXP -> {
        reference(flags, at, code, head);
        return;
      }
      case PERSISTSXP -> throw in.bad("r.persistent", "a persistent reference needs a restore"
          + " hook; readRDS and load have none and stop here", at);
      case SYMSXP -> {
        symbol(at, code, head);
        return;
      }
      case PACKAGESXP, NAMESPACESXP -> {
        namespace(at);
        return;
      }
      case ENVSXP -> {
        in.integer(); // locked
        addRef(null, at);
        for (int k = 0; k < 4; k++) { // enclosure, frame, hash table, attributes
          item(depth + 1, false);
        }
        return;
      }
      case LISTSXP, LANGSXP, CLOSXP, PROMSXP, DOTSXP, ATTRLANGSXP, ATTRLISTSXP -> {
        pairlist(flags, at, depth, code);
        return;
      }
      case ALTREP -> {
        altrep(at, depth);
        return;
      }
      case CHARSXP -> {
        String s = charsxp(at);
        if (code && s != null) {
          called(s, at, false); // do.call("system", ...)
        }
        return;
      }
      default -> { }
    }
    switch (type) {
      case EXTPTRSXP -> {
        addRef(null, at);
        item(depth + 1, false); // protected value
        item(depth + 1, false); // tag
      }
      case WEAKREFSXP -> addRef(null, at);
      case SPECIALSXP, BUILTINSXP -> called(string(at), at, true); // a function value
      case LGLSXP, INTSXP -> in.skip(length(at), 4, "vector");
      case REALSXP -> in.skip(length(at), 8, "vector");
      case CPLXSXP -> in.skip(length(at), 16, "vector");
      case RAWSXP -> in.skip(length(at), 1, "raw vector");
      case STRSXP, VECSXP, EXPRSXP -> {
        long n = length(at);
        if (n > in.in.remaining() / 4) {
          throw in.bad("r.length", "list of " + n + " elements cannot fit in the "
              + in.in.remaining() + " bytes that remain", at);
        }
        for (long k = 0; k < n; k++) {
          item(depth + 1, code || type == EXPRSXP);
        }
      }
      case BCODESXP -> bytecode(at, depth);
      case S4SXP -> { }
      default -> throw in.bad("r.type", "unknown item type " + type, at);
    }
    if (attr) {
      item(depth + 1, false);
    }
  }

  /**
   * A chain of pairlist cells ({@code attributes? tag? CAR CDR}), followed through CDR in a loop.
   * Closures are (environment, formals, body), promises (environment, value, code): a promise
   * with an environment has not been evaluated yet and runs its code when first accessed.
   */
  private void pairlist(int flags, long at, int depth, boolean code) throws IOException {
    while (true) {
      int type = flags & 0xff;
      if ((flags & HAS_ATTR) != 0) {
        item(depth + 1, false);
      }
      boolean tag = (flags & HAS_TAG) != 0;
      if (type == CLOSXP) {
        uses.add(new Use(Kind.CLOSURE, "", in.at(at)));
      }
      if (type == LISTSXP && (flags >>> 12 & ACTIVE_BINDING) != 0) {
        uses.add(new Use(Kind.ACTIVE_BINDING, "", in.at(at)));
      }
      if (tag) {
        item(depth + 1, false);
      }
      boolean call = type == LANGSXP || type == ATTRLANGSXP;
      if (call) {
        calls++;
      }
      boolean inner = code || call || type == CLOSXP;
      long car = in.position();
      // CAR: a call's function, a closure's formals (default arguments are code); a promise's
      // value is data
      dispatch(in.integer(), car, depth + 1, type == PROMSXP ? code : inner, call);
      if (type == CLOSXP || type == PROMSXP) {
        long before = calls;
        item(depth + 1, true); // body, or promise code
        if (type == PROMSXP && tag) {
          // Not evaluated yet (it still has its environment): R evaluates the code when the
          // value is first used. A constant or a variable name only yields a value (glm's
          // family objects keep such promises); a call runs.
          uses.add(new Use(calls > before ? Kind.PROMISE : Kind.LAZY_VALUE, "", in.at(at)));
        }
        return;
      }
      long next = in.position();
      int cdr = in.integer();
      int ct = cdr & 0xff;
      if (ct != LISTSXP && ct != LANGSXP && ct != ATTRLISTSXP && ct != ATTRLANGSXP) {
        dispatch(cdr, next, depth + 1, inner, false);
        return;
      }
      if (++items > MAX_ITEMS) {
        throw in.bad("r.items", "more than " + MAX_ITEMS + " objects", next);
      }
      flags = cdr;
      at = next;
      code = inner;
    }
  }

  private void reference(int flags, long at, boolean code, boolean head) throws IOException {
    long index = (long) (flags >>> 8);
    if (index == 0) {
      index = in.integer();
    }
    if (index < 1 || index > refs.size()) {
      throw in.bad("r.reference", "reference to object " + index + " of " + refs.size()
          + " read so far", at);
    }
    String name = refs.get((int) index - 1);
    if (name != null) {
      if (code) {
        called(name, at, head);
      }
      if (collect != null) {
        collect.add(name);
      }
    }
  }

  private void symbol(long at, boolean code, boolean head) throws IOException {
    long cat = in.position();
    int flags = in.integer();
    if ((flags & 0xff) != CHARSXP) {
      throw in.bad("r.type", "a symbol's name is item type " + (flags & 0xff)
          + ", not a string", cat);
    }
    String name = charsxp(cat);
    String n = name == null ? "NA" : name;
    addRef(n, at);
    if (code) {
      called(n, at, head);
    }
    if (collect != null) {
      collect.add(n);
    }
  }

  /** PACKAGESXP/NAMESPACESXP: R finds (and loads) the named package when it reads this. */
  private void namespace(long at) throws IOException {
    long zat = in.position();
    if (in.integer() != 0) {
      throw in.bad("r.type", "a namespace reference does not start with 0", zat);
    }
    long n = length(at);
    List<String> spec = new ArrayList<>();
    for (long k = 0; k < n; k++) {
      long iat = in.position();
      int flags = in.integer();
      if ((flags & 0xff) != CHARSXP) {
        throw in.bad("r.type", "a namespace name is not a string", iat);
      }
      String s = charsxp(iat);
      if (spec.size() < 2) {
        spec.add(s == null ? "NA" : s);
      }
    }
    addRef(null, at);
    uses.add(new Use(Kind.NAMESPACE, String.join(" ", spec), in.at(at)));
  }

  /** ALTREP: (class, package, type) info, state, attributes; the class's package rebuilds it. */
  private void altrep(long at, int depth) throws IOException {
    List<String> outer = collect;
    collect = new ArrayList<>();
    item(depth + 1, false);
    List<String> info = collect;
    collect = outer;
    item(depth + 1, false);
    item(depth + 1, false);
    uses.add(new Use(Kind.ALTREP, String.join(" ", info.subList(0, Math.min(2, info.size()))),
        in.at(at)));
  }

  /** Byte code: a representation count, then the code vector and its constants pool. */
  private void bytecode(long at, int depth) throws IOException {
    int reps = in.integer();
    if (reps < 0 || reps > in.in.remaining() / 4) {
      throw in.bad("r.length", "byte code with " + reps + " shared cells", at);
    }
    uses.add(new Use(Kind.BYTECODE, "", in.at(at)));
    calls++;
    bytecode1(reps, depth);
  }

  private void bytecode1(int reps, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw in.bad("r.depth", "byte code nested deeper than " + MAX_DEPTH, in.position());
    }
    item(depth + 1, true); // the code, an integer vector
    long at = in.position();
    int n = in.integer();
    if (n < 0 || n > in.in.remaining() / 4) {
      throw in.bad("r.length", "byte code constants pool of " + n + " entries", at);
    }
    for (int k = 0; k < n; k++) {
      long tat = in.position();
      int type = in.integer();
      switch (type) {
        case BCODESXP -> bytecode1(reps, depth + 1);
        case LANGSXP, LISTSXP, BCREPDEF, BCREPREF, ATTRLANGSXP, ATTRLISTSXP ->
            bcLang(type, tat, reps, depth + 1, false);
        default -> item(depth + 1, true);
      }
    }
  }

  private void bcLang(int type, long at, int reps, int depth, boolean head)
      throws IOException {
    if (depth > MAX_DEPTH) {
      throw in.bad("r.depth", "byte code nested deeper than " + MAX_DEPTH, at);
    }
    if (++items > MAX_ITEMS) {
      throw in.bad("r.items", "more than " + MAX_ITEMS + " objects", at);
    }
    switch (type) {
      case BCREPREF -> {
        int i = in.integer();
        if (i < 0 || i >= reps) {
          throw in.bad("r.reference", "byte code cell reference " + i + " of " + reps, at);
        }
      }
      case BCREPDEF, LANGSXP, LISTSXP, ATTRLANGSXP, ATTRLISTSXP -> {
        int t = type;
        calls++;
        if (type == BCREPDEF) {
          int pos = in.integer();
          if (pos < 0 || pos >= reps) {
            throw in.bad("r.reference", "byte code cell " + pos + " of " + reps, at);
          }
          t = in.integer();
        }
        if (t == ATTRLANGSXP || t == ATTRLISTSXP) {
          item(depth + 1, false);
        }
        item(depth + 1, false); // tag
        long car = in.position();
        bcLang(in.integer(), car, reps, depth + 1, t == LANGSXP || t == ATTRLANGSXP);
        long cdr = in.position();
        bcLang(in.integer(), cdr, reps, depth + 1, false);
      }
      default -> { // a plain item follows the padding type word
        long iat = in.position();
        dispatch(in.integer(), iat, depth + 1, true, head);
      }
    }
  }

  private long length(long at) throws IOException {
    int n = in.integer();
    if (n == -1) { // long vector: upper and lower 32 bits follow
      long upper = in.integer() & 0xffffffffL;
      long lower = in.integer() & 0xffffffffL;
      long len = upper << 32 | lower;
      if (upper > Integer.MAX_VALUE) {
        throw in.bad("r.length", "long vector length overflows", at);
      }
      return len;
    }
    if (n < 0) {
      throw in.bad("r.length", "negative length " + n, at);
    }
    return n;
  }

  /** A CHARSXP's payload (after its flags): length (-1 for NA), then bytes. Null for NA. */
  private @Nullable String charsxp(long at) throws IOException {
    int n = in.integer();
    if (n == -1) {
      return null;
    }
    if (n < 0) {
      throw in.bad("r.length", "string length " + n, at);
    }
    return new String(in.string(n, KEEP_NAME), StandardCharsets.UTF_8);
  }

  /** SPECIALSXP/BUILTINSXP: the primitive's name. */
  private String string(long at) throws IOException {
    int n = in.integer();
    if (n < 0 || n > KEEP_NAME) {
      throw in.bad("r.length", "primitive name of " + n + " bytes", at);
    }
    return new String(in.string(n, KEEP_NAME), StandardCharsets.UTF_8);
  }

  private void addRef(@Nullable String name, long at) throws IOException {
    if (refs.size() >= MAX_REFS) {
      throw in.bad("r.items", "more than " + MAX_REFS + " referenced objects", at);
    }
    refs.add(name);
  }

  /**
   * Records a dangerous function named in code: any of them in a call's function position, only
   * the unambiguous ones (system, eval ...) elsewhere, where a name may be a plain variable.
   */
  private void called(String name, long at, boolean head) {
    String category = head ? RFunctions.category(name) : RFunctions.strong(name);
    if (category != null) {
      uses.add(new Use(Kind.DANGEROUS_CALL, name + " (" + category + ")", in.at(at)));
    }
  }
}
