package dev.modelgate.format.rdata;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * R's serialized objects ({@code saveRDS}: {@code .rds}) and workspaces ({@code save}:
 * {@code .RData}, {@code .rda}), in XDR, ASCII or native binary form; their gzip, bzip2 and xz
 * wrappers are opened by the compressed-file handler first. Unserializing can hand back code
 * that runs without being called: a promise not yet evaluated runs its expression when the value
 * is first used (CVE-2024-27322), an active binding runs its function on every access. Stored
 * functions, byte code and calls run when used, and are judged by the functions they name.
 */
public final class RdsHandler implements FormatHandler {
  static final String PROMISE = "r.promise";
  static final String ACTIVE = "r.active-binding";
  static final String CALL = "r.dangerous-call";
  static final String CLOSURE = "r.closure";
  static final String BYTECODE = "r.bytecode";
  static final String ALTREP = "r.altrep";
  static final String NAMESPACE = "r.namespace";
  /** ALTREP classes R itself registers (compact sequences, deferred strings, wrappers). */
  private static final Set<String> BASE_ALTREP_PACKAGES = Set.of("base");
  private static final int MAX_EACH = 10;

  @Override
  public String format() {
    return "rds";
  }

  @Override
  public boolean detect(Sniff sniff) {
    return RHeader.looksLike(sniff.head());
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    String file = src.name().substring(Math.max(src.name().lastIndexOf('/'),
        src.name().lastIndexOf('\\')) + 1);
    RHeader h = RHeader.read(src, file);
    if (h.workspace()) {
      ctx.format("rdata");
    }
    RUnserialize r = new RUnserialize(RHeader.input(src, h.bodyStart(), file, h.format()));
    try {
      r.read();
    } catch (InvalidInputException e) {
      ctx.invalid(e.rule(), e.getMessage(), e.location());
    } finally {
      report(ctx, r);
    }
  }

  @SuppressWarnings("EnumOrdinal") // counts: one slot per Kind, indexed within this call
  private static void report(ScanContext ctx, RUnserialize r) {
    Set<String> seen = new HashSet<>();
    int[] counts = new int[RUnserialize.Kind.values().length];
    for (RUnserialize.Use u : r.uses) {
      if (counts[u.kind().ordinal()]++ >= MAX_EACH || (!seen.add(u.kind() + u.detail())
          && u.kind() != RUnserialize.Kind.PROMISE)) {
        continue;
      }
      String d = u.detail().replaceAll("\\p{Cntrl}", "?");
      switch (u.kind()) {
        case PROMISE -> ctx.malicious(PROMISE, "an unevaluated promise: R runs its call as"
            + " soon as the value is used (CVE-2024-27322)", u.location(), "");
        case LAZY_VALUE -> ctx.note(PROMISE, "an unevaluated promise of a constant or variable"
            + " (no call): using it only looks the value up", u.location(), "");
        case ACTIVE_BINDING -> ctx.malicious(ACTIVE, "an environment has an active binding:"
            + " R runs its function whenever the variable is read", u.location(), "");
        case DANGEROUS_CALL -> ctx.malicious(CALL, "stored R code calls " + d
            + ", which runs when the object is used", u.location(), d);
        case CLOSURE -> ctx.suspicious(CLOSURE, "a stored R function: its code runs when"
            + " the object's user calls it", u.location(), "");
        case BYTECODE -> ctx.suspicious(BYTECODE, "compiled R byte code: the R virtual machine"
            + " runs it when the function is called", u.location(), "");
        case ALTREP -> {
          String[] parts = d.split(" ", 0);
          if (parts.length < 2 || !BASE_ALTREP_PACKAGES.contains(parts[1])) {
            ctx.suspicious(ALTREP, "an ALTREP object of class " + d + ": R loads that package"
                + " to rebuild it", u.location(), d);
          }
        }
        case NAMESPACE -> ctx.note(NAMESPACE, "refers to the namespace of package " + d
            + ", which R loads to read the file", u.location(), d);
      }
    }
  }
}
