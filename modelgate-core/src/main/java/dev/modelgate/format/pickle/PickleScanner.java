package dev.modelgate.format.pickle;

import dev.modelgate.format.pickle.PickleDescription.CallSite;
import dev.modelgate.format.pickle.PickleValue.Bytes;
import dev.modelgate.format.pickle.PickleValue.Call;
import dev.modelgate.format.pickle.PickleValue.CallKind;
import dev.modelgate.format.pickle.PickleValue.Global;
import dev.modelgate.format.pickle.PickleValue.Str;
import dev.modelgate.io.Budget;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.BytesSource;
import dev.modelgate.io.Limits;
import dev.modelgate.policy.Judgement;
import dev.modelgate.spi.ScanContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Static analysis of pickle streams: runs the {@link PickleMachine} and judges what it found
 * against the scan's {@link dev.modelgate.policy.Policy}. Findings name the opcode's offset as
 * {@code <location>@<offset>}; a call made before a malformed opcode still counts, so the worst
 * verdict wins however the stream ends.
 */
public final class PickleScanner {
  private PickleScanner() {}

  /**
   * Analyse pickle stream(s) in src from offset: reports findings to ctx (locations
   * "{@code <location>@<offset>}"), keeps going after STOP while more pickle bytes follow, returns the
   * description of the first pickle (with the further ones in {@code trailing()}).
   */
  public static PickleDescription analyse(ScanContext ctx, ByteSource src, long offset,
      String location) throws IOException {
    return run(ctx, src, offset, location, 0, true);
  }

  /** Analyse exactly one pickle (stops at its STOP); for formats that concatenate pickles. */
  public static PickleDescription analyseOne(ScanContext ctx, ByteSource src, long offset,
      String location) throws IOException {
    return run(ctx, src, offset, location, 0, false);
  }

  /**
   * Runs the symbolic machine over exactly one pickle and returns what it describes, without
   * judging it: for readers (converters) of inputs the scan has already judged.
   */
  public static PickleDescription describe(ByteSource src, long offset, String location)
      throws IOException {
    return new PickleMachine(src, offset, location, new Budget(Limits.DEFAULT)).run();
  }

  private static PickleDescription run(ScanContext ctx, ByteSource src, long offset,
      String location, int depth, boolean trailing) throws IOException {
    PickleDescription first = one(ctx, src, offset, location, depth);
    if (!trailing || !first.cleanEnd()) {
      return first;
    }
    List<PickleDescription> more = new ArrayList<>();
    long at = first.end();
    while (at < src.size()) {
      int b = src.bytes(at, 1)[0] & 0xff;
      if (!Op.known(b)) {
        ctx.note("pickle.trailing-data", (src.size() - at)
            + " bytes that are not a pickle follow the STOP opcode", loc(location, at), "");
        break;
      }
      if (more.size() >= PickleLimits.MAX_TRAILING) {
        ctx.invalid("pickle.limit", "more than " + PickleLimits.MAX_TRAILING
            + " pickles concatenated", loc(location, at));
        break;
      }
      ctx.suspicious("pickle.trailing-pickle", "another pickle follows the STOP opcode: loaders"
          + " that read on (or scanners that stop) see different content", loc(location, at), "");
      PickleDescription next = one(ctx, src, at, location, depth);
      more.add(next);
      if (!next.cleanEnd() || next.end() <= at) {
        break;
      }
      at = next.end();
    }
    return first.with(first.embedded(), more);
  }

  private static PickleDescription one(ScanContext ctx, ByteSource src, long offset,
      String location, int depth) throws IOException {
    PickleDescription d = new PickleMachine(src, offset, location, ctx.budget()).run();
    judge(ctx, d, location);
    WrapperFiles.check(ctx, d, location);
    List<PickleDescription> embedded = embedded(ctx, d, location, depth);
    if (d.error() != null) {
      ctx.invalid(d.error().rule(), d.error().message(), loc(location, d.error().offset()));
    }
    return d.with(embedded, List.of());
  }

  private static void judge(ScanContext ctx, PickleDescription d, String location)
      throws IOException {
    Set<Global> reported = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    Set<String> unlisted = new HashSet<>();
    boolean fx = false;
    for (CallSite site : d.calls()) {
      Call c = site.call();
      if (FxGraphCode.isFxCall(c)) {
        FxGraphCode.judge(ctx, site, location); // its stored code decides, not its name
        reported.add(c.global());
        fx = true;
        continue;
      }
      if (c.kind() == CallKind.SETSTATE) {
        if (c.callable() instanceof Global g) {
          // a module's or function's attributes rewritten for the process: later imports
          // through it (and torch's own code) get what the file chose
          ctx.malicious("pickle.build-on-global", "BUILD sets attributes on the imported object "
              + g.qualified() + " itself, changing it for the whole process",
              loc(location, site.offset()), site.text());
        }
        continue;
      }
      if (c.global() != null) {
        Global g = c.global();
        if (report(ctx, g, site::text, site.offset(), "calls", location, unlisted)) {
          reported.add(g);
        }
      }
    }
    for (Global g : d.globals()) {
      if (fx && (g.qualified().equals(FxGraphCode.REDUCE)
          || FxGraphCode.TRACERS.contains(g.qualified()))) {
        continue; // the GraphModule's own names, judged through its code
      }
      if (!reported.contains(g)) {
        report(ctx, g, g::qualified, g.offset(), "imports", location, unlisted);
      }
    }
    walkExtensions(ctx, d, location);
  }

  /**
   * Reports one name; returns true when it was found dangerous. The evidence is rendered only
   * for a finding: most calls of a clean checkpoint are allowed, and rendering each one's text
   * was a tenth of the time of scanning a small file.
   */
  private static boolean report(ScanContext ctx, Global g, Supplier<String> evidence, long offset,
      String verb, String location, Set<String> unlisted) {
    if (g.module().equals(NameFolding.UNKNOWN)) {
      ctx.malicious("pickle.computed-global", "pickle " + verb + " a name it computes while"
          + " loading from " + Text.clip(g.computedFrom()) + ", which cannot be known before it"
          + " runs (an evasion: real pickles write their names)", loc(location, offset),
          evidence.get());
      return true;
    }
    if (g.computed()) {
      ctx.suspicious("pickle.folded-global", "pickle " + verb + " " + g.qualified() + ", a name"
          + " it computes while loading from " + Text.clip(g.computedFrom()) + " (folded here)",
          loc(location, offset), evidence.get());
    }
    Judgement j = ctx.policy().judge(g.module(), g.name());
    String spelled = g.rawModule().equals(g.module()) && g.rawName().equals(g.name()) ? ""
        : " (written " + g.rawModule() + "." + g.rawName() + ")";
    switch (j.kind()) {
      case DANGEROUS -> {
        ctx.malicious("pickle.dangerous-call", "pickle " + verb + " " + g.qualified() + spelled
            + ": " + j.category() + (j.userAllowed()
                ? "; the user allowlist names it, but dangerous callables always count" : ""),
            loc(location, offset), evidence.get());
        return true;
      }
      case UNLISTED -> {
        if (unlisted.add(g.qualified())) {
          ctx.suspicious("pickle.unlisted-global", "pickle " + verb + " " + g.qualified() + spelled
              + ", which is not in the allowlist (allow it with --allow " + g.qualified() + ")",
              loc(location, offset), evidence.get());
        }
        return false;
      }
      default -> {
        return false;
      }
    }
  }

  private static void walkExtensions(ScanContext ctx, PickleDescription d, String location) {
    // EXT opcodes name objects by number through copyreg's registry, which is empty in a stock
    // Python: the file expects code that registered them, so it cannot be judged by name.
    for (CallSite site : d.calls()) {
      if (site.call().callable() instanceof PickleValue.Extension e) {
        ctx.suspicious("pickle.extension-code", "calls object number " + e.code()
            + " of the copyreg extension registry, which a stock Python does not define",
            loc(location, e.offset()), site.text());
      }
    }
  }

  /** Pickles inside byte arguments: of deserialisers, or any bytes that start like a pickle. */
  private static List<PickleDescription> embedded(ScanContext ctx, PickleDescription d,
      String location, int depth) throws IOException {
    List<PickleDescription> out = new ArrayList<>();
    for (CallSite site : d.calls()) {
      Call c = site.call();
      boolean loader = c.global() != null && (isLoader(c.global()) || deserialiser(ctx,
          c.global()));
      for (PickleValue a : c.args()) {
        ByteSource bytes = payload(a, loader, ctx.budget());
        if (bytes == null) {
          continue;
        }
        String where = loc(location, site.offset()) + "/embedded";
        if (depth + 1 > PickleLimits.MAX_EMBED_DEPTH) {
          ctx.invalid("pickle.limit", "pickles embedded deeper than "
              + PickleLimits.MAX_EMBED_DEPTH, where);
          return out;
        }
        if (out.size() >= PickleLimits.MAX_EMBEDDED) {
          ctx.invalid("pickle.limit", "more than " + PickleLimits.MAX_EMBEDDED
              + " embedded pickles", where);
          return out;
        }
        ctx.suspicious("pickle.embedded-pickle", "bytes passed to " + Render.value(c.callable())
            + " hold another pickle; it is analysed as well", where, Render.value(a));
        out.add(run(ctx, bytes, 0, where, depth + 1, true));
      }
    }
    return out;
  }

  /**
   * Any callable the catalogue knows as a nested deserialiser (torch's configuration loaders,
   * joblib's cached results, sklearn's fetchers...), not only those named like load/loads: its
   * byte and string arguments are analysed as the pickles it would unpickle.
   */
  private static boolean deserialiser(ScanContext ctx, Global g) {
    return !g.module().equals("marshal") && ctx.policy().judge(g.module(), g.name()).category()
        .equals("nested deserialisation");
  }

  private static boolean isLoader(Global g) {
    String q = g.qualified();
    if (g.module().equals("marshal")) {
      return false; // marshal data is code, not a pickle; the call itself is already malicious
    }
    return q.endsWith(".loads") || q.endsWith(".load") || q.endsWith("._loads")
        || q.equals("torch.storage._load_from_bytes");
  }

  /** The bytes of an argument when they should be analysed as a pickle, else null. */
  private static @Nullable ByteSource payload(PickleValue a, boolean loader, Budget budget)
      throws IOException {
    ByteSource b = null;
    if (a instanceof Bytes bytes) {
      b = bytes.data();
    } else if (a instanceof Str s && s.complete() && loader) {
      b = latin1(s.text());
    } else if (a instanceof Call c && c.global() != null
        && c.global().name().equals("encode") && !c.args().isEmpty()
        && c.args().get(0) instanceof Str s && s.complete()) {
      b = latin1(s.text()); // _codecs.encode('...', 'latin1'): how protocol 2 writes bytes
    }
    if (b == null || b.size() < 2) {
      return null;
    }
    ByteBuffer head = ByteBuffer.allocate(2);
    b.readFully(0, head);
    if (loader) {
      return Op.known(head.get(0) & 0xff) ? b : null;
    }
    if ((head.get(0) & 0xff) != Op.PROTO || head.get(1) < 2 || head.get(1) > 5) {
      return null;
    }
    // bytes that merely start like a pickle (code objects, array data) are analysed only when
    // they read as one: a clean pickle, or one that imports something before it breaks
    PickleDescription probe = new PickleMachine(b, 0, "", budget).run();
    return probe.cleanEnd() || !probe.globals().isEmpty() ? b : null;
  }

  private static ByteSource latin1(String s) {
    return new BytesSource(s.getBytes(StandardCharsets.ISO_8859_1), "embedded");
  }

  static String loc(String location, long offset) {
    return (location == null ? "" : location) + "@" + offset;
  }
}
