package dev.modelgate;

import dev.modelgate.spi.FormatHandler;
import dev.modelgate.formats.Registry;
import dev.modelgate.spi.Sniff;
import dev.modelgate.rules.Verdict;
import dev.modelgate.io.Budget;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.BytesSource;
import dev.modelgate.io.FileSource;
import dev.modelgate.io.RegularFile;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.Limits;
import dev.modelgate.io.Sha256;
import dev.modelgate.io.SourceTree;
import dev.modelgate.rules.Finding;
import dev.modelgate.spi.Folder;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Scans files, folders and byte sources: detects each format from content, lets its handler
 * describe it, and collects findings and verdicts. One instance may scan many files; it is not
 * thread-safe.
 */
public final class Scanner {
  /** Extensions whose loaders parse the file as a model; unrecognised content there is invalid. */
  private static final Set<String> MODEL_EXTENSIONS = Set.of("pkl", "pickle", "pt", "pth", "ckpt",
      "joblib", "npy", "npz", "dill", "safetensors", "gguf", "onnx", "keras", "h5", "hdf5",
      "tflite");

  private final ScanOptions options;
  private final List<FormatHandler> handlers;
  private List<ScanResult> out = new ArrayList<>();
  /** The parallel scan under way, which runs files ahead on workers; null when scanning alone. */
  private @Nullable ParallelScan parallel;

  public Scanner(ScanOptions options) {
    this(options, Registry.handlers());
  }

  Scanner(ScanOptions options, List<FormatHandler> handlers) {
    this.options = options;
    this.handlers = List.copyOf(handlers);
  }

  public ScanOptions options() {
    return options;
  }

  /** A scanner for a worker thread of a parallel scan: the same handlers, its own state. */
  Scanner worker(ScanOptions workerOptions) {
    return new Scanner(workerOptions, handlers);
  }

  /**
   * Scans files and folders. A folder is one result (format {@code directory}) whose members are
   * its files, walked recursively in name order and named {@code folder!/relative/path}; its
   * verdict is the worst of theirs and of what the walk found (links leaving the folder, FIFOs,
   * sockets, devices, link loops: see {@link Walk}). A FIFO, socket or device given by name is a
   * result of format {@code special-file} and is never opened. Fails before scanning anything if
   * a path does not exist.
   */
  public ScanReport scan(List<Path> paths) throws IOException {
    List<Walk> plan = new ArrayList<>();
    int total = 0;
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw missing(p);
      }
      if (!Files.isReadable(p)) {
        throw new AccessDeniedException(p.toString(), null, "not readable");
      }
      Walk w = Files.isDirectory(p) ? Walk.of(p) : new Walk(p, null, List.of());
      plan.add(w);
      List<Path> files = w.files();
      total += files == null ? 1 : files.size();
    }
    out = new ArrayList<>();
    int[] index = {0};
    try (ParallelScan p = ParallelScan.start(this, units(plan), total)) {
      parallel = p;
      for (Walk w : plan) {
        List<Path> files = w.files();
        if (files == null) {
          options.listener().fileStarted(w.root().toString(), ++index[0], total);
          take(new Unit.Top(w.root())).addTo(out);
        } else {
          scanWalk(w.root(), files, w.findings(), index, total, null);
        }
      }
    } finally {
      parallel = null;
    }
    return new ScanReport(out);
  }

  /** The files of a plan in scan order, as the units a parallel scan runs ahead. */
  private static List<Unit> units(List<Walk> plan) {
    List<Unit> units = new ArrayList<>();
    for (Walk w : plan) {
      List<Path> files = w.files();
      if (files == null) {
        units.add(new Unit.Top(w.root()));
      } else {
        LocalTree tree = new LocalTree(w.root(), files);
        for (Path f : files) {
          units.add(new Unit.InTree(tree, w.root().relativize(f).toString().replace('\\', '/')));
        }
      }
    }
    return units;
  }

  /**
   * Scans one unit here, or takes its outcome from the parallel scan under way (which ran it on
   * a worker: the same code, with a scanner of the same options).
   */
  private Outcome take(Unit u) throws IOException {
    ParallelScan p = parallel;
    Outcome o = p != null ? p.take(u) : runUnit(u);
    o.replay(options.listener());
    return o.rethrow();
  }

  /** Scans one unit into a list of its own (this scanner's results are left as they were). */
  Outcome runUnit(Unit u) {
    List<ScanResult> saved = out;
    out = new ArrayList<>();
    try {
      return switch (u) {
        case Unit.Top t -> {
          try {
            scanLocalFile(t.file());
            yield Outcome.of(out, Verdict.CLEAN, 0, null);
          } catch (IOException e) {
            yield Outcome.failed(e);
          }
        }
        case Unit.InTree f -> scanTreeFile(f.tree(), f.path(),
            rel -> LocalFolder.around(f.tree().path(rel)), null);
      };
    } finally {
      out = saved;
    }
  }

  /** A path that does not resolve: missing, or a link that dangles or loops. */
  private static IOException missing(Path p) {
    if (Files.isSymbolicLink(p)) {
      return new java.nio.file.FileSystemException(p.toString(), null,
          "a symbolic link that dangles or loops; nothing to scan");
    }
    return new NoSuchFileException(p.toString(), null, "no such file or directory");
  }

  private void scanWalk(Path root, List<Path> walked, List<Finding> findings, int[] index,
      int total, @Nullable Kept kept) throws IOException {
    LocalTree tree = new LocalTree(root, walked);
    scanTree(tree, tree.files(), findings, rel -> LocalFolder.around(tree.path(rel)), index,
        total, kept);
  }

  /**
   * Scans an open source like {@link #scan(ByteSource)} and keeps what its reader found, for a
   * caller that goes on to use the same bytes (convert, inspect): the description is of exactly
   * the bytes judged, so nothing needs to be opened or parsed again. A {@link FileSource} is
   * judged with the folder around its path, as a scan of that path would be. The caller still
   * owns {@code src}; closing the result releases what the description holds.
   */
  public DescribedScan describe(ByteSource src) throws IOException {
    out = new ArrayList<>();
    Keeper keeper = new Keeper();
    try {
      Folder folder = src instanceof FileSource f && f.path() != null
          ? LocalFolder.around(f.path()) : null;
      FileScan ctx = new FileScan(this, src.name(), 0, folder, new Budget(options.limits()),
          keeper);
      run(ctx, src, true);
      return new DescribedScan(out, ctx.description(), Map.of(), keeper);
    } catch (IOException | RuntimeException | Error e) {
      keeper.closeAfter(e);
      throw e;
    }
  }

  /**
   * Scans a folder exactly as {@link #scan(List)} does and keeps, for every file whose relative
   * path {@code keep} accepts, the open source it was scanned from and its description (see
   * {@link DescribedScan#file}); those files are opened once, here, and used from there on.
   */
  public DescribedScan describe(Path folder, Predicate<String> keep) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new NoSuchFileException(folder.toString(), null, "not a folder");
    }
    Walk w = Walk.of(folder);
    List<Path> walked = Objects.requireNonNull(w.files(), "a walk of a folder lists its files");
    out = new ArrayList<>();
    Kept kept = new Kept(new Keeper(), keep, new HashMap<>());
    try {
      scanWalk(w.root(), walked, w.findings(), new int[] {0}, walked.size(), kept);
      return new DescribedScan(out, null, kept.files, kept.keeper);
    } catch (IOException | RuntimeException | Error e) {
      kept.keeper.closeAfter(e);
      throw e;
    }
  }

  /** As {@link #describe(Path, Predicate)}, for a tree that need not be on the local disk. */
  public DescribedScan describe(SourceTree tree, Predicate<String> keep) throws IOException {
    out = new ArrayList<>();
    Kept kept = new Kept(new Keeper(), keep, new HashMap<>());
    try {
      List<SourceTree.File> files = tree.files();
      scanTree(tree, files, List.of(), TreeFolder.of(tree, files), new int[] {0}, files.size(),
          kept);
      return new DescribedScan(out, null, kept.files, kept.keeper);
    } catch (IOException | RuntimeException | Error e) {
      kept.keeper.closeAfter(e);
      throw e;
    }
  }

  /** The files of a tree a describing scan keeps open, and what it keeps of them. */
  private record Kept(Keeper keeper, Predicate<String> keep,
      Map<String, DescribedScan.File> files) {}

  /** Scans one file on disk; returns its result followed by those of its members. */
  public List<ScanResult> scanFile(Path file) throws IOException {
    out = new ArrayList<>();
    scanLocalFile(file);
    return List.copyOf(out);
  }

  /**
   * Scans {@code src}, already opened (or read) from {@code file} by the caller, as that file:
   * formats that open siblings see its folder, but the file itself is not opened again, so bytes
   * the caller hashed or checked are the bytes judged.
   */
  public List<ScanResult> scanFile(Path file, ByteSource src) throws IOException {
    out = new ArrayList<>();
    scanTop(file.toString(), whole(src), LocalFolder.around(file));
    return List.copyOf(out);
  }

  private void scanLocalFile(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      special(file);
      return;
    }
    try (FileSource src = FileSource.open(file)) {
      scanTop(file.toString(), whole(src), LocalFolder.around(file));
    }
  }

  /** A FIFO, socket or device given by name: judged, never opened (it could block or not end). */
  private void special(Path file) {
    FileScan ctx = new FileScan(this, file.toString(), 0, null, new Budget(options.limits()));
    ctx.format("special-file");
    ctx.suspicious("fs.special-file", "not a regular file but a " + RegularFile.kind(file)
        + ": it is not opened (a loader opening it may block or read without end, and what it"
        + " reads was never scanned)", "", "");
    out.add(new ScanResult(ctx.path(), ctx.format(), 0, null, ctx.verdict(), ctx.findings(),
        true));
  }

  /**
   * Scans a tree that need not be on the local disk (a Hadoop tree, a Hub repository) as one
   * result of format {@code directory}, like a folder: its files are members named
   * {@code name!/relative/path}, and formats that open siblings see the tree around each file.
   */
  public ScanReport scan(SourceTree tree) throws IOException {
    out = new ArrayList<>();
    List<SourceTree.File> files = tree.files();
    Function<String, Folder> folders = TreeFolder.of(tree, files);
    scanTree(tree, files, List.of(), folders, new int[] {0}, files.size(), null);
    return new ScanReport(out);
  }

  private void scanTree(SourceTree tree, List<SourceTree.File> files, List<Finding> treeFindings,
      Function<String, Folder> folders, int[] index, int total, @Nullable Kept kept)
      throws IOException {
    int slot = out.size();
    out.add(null);
    String root = tree.name();
    FileScan dir = new FileScan(this, root, 0, null, new Budget(options.limits()));
    dir.format("directory");
    treeFindings.forEach(dir::add);
    long size = 0;
    boolean local = tree instanceof LocalTree && kept == null && parallel != null;
    for (SourceTree.File f : files) {
      String rel = f.path();
      options.listener().fileStarted(root + "/" + rel, ++index[0], total);
      Outcome o = local ? take(new Unit.InTree((LocalTree) tree, rel))
          : scanTreeFile(tree, rel, folders, kept);
      o.addTo(out);
      size += o.size();
      dir.absorb(o.verdict());
      if (o.unreadable() != null) {
        dir.invalid("fs.unreadable", "cannot be read: " + o.unreadable(), rel);
      }
    }
    out.set(slot, new ScanResult(root, dir.format(), size, null, dir.verdict(), dir.findings(),
        true));
  }

  /** Scans one file of a tree into a list of its own; an unreadable file is named, not thrown. */
  private Outcome scanTreeFile(SourceTree tree, String rel, Function<String, Folder> folders,
      @Nullable Kept kept) {
    List<ScanResult> saved = out;
    out = new ArrayList<>();
    Keeper keeper = kept != null && kept.keep().test(rel) ? kept.keeper() : null;
    ByteSource src = null;
    long size = 0;
    try {
      ByteSource done = tree.open(rel);
      src = done;
      size = done.size();
      FileScan ctx = new FileScan(this, tree.name() + "!/" + rel, 1, folders.apply(rel),
          new Budget(options.limits()), keeper);
      Verdict v = run(ctx, keeper == null ? whole(done) : done, false);
      src = null;
      if (keeper == null || kept == null) {
        done.close();
      } else {
        // the caller goes on to use this open file, the one judged, not what the path names later
        keeper.own(done);
        kept.files().put(rel, new DescribedScan.File(done,
            Optional.ofNullable(ctx.description())));
      }
      return Outcome.of(out, v, size, null);
    } catch (IOException e) {
      return Outcome.of(out, Verdict.CLEAN, size, message(e));
    } finally {
      closeQuietly(src);
      out = saved;
    }
  }

  /** Scans bytes that are not a file on disk (an upload, a test input). */
  public List<ScanResult> scan(ByteSource src) throws IOException {
    out = new ArrayList<>();
    scanTop(src.name(), src, null);
    return List.copyOf(out);
  }

  private void scanTop(String path, ByteSource src, @Nullable Folder folder)
      throws IOException {
    Budget budget = new Budget(options.limits());
    FileScan ctx = new FileScan(this, path, 0, folder, budget);
    run(ctx, src, true);
  }

  Verdict scanMember(FileScan parent, String path, ByteSource src) throws IOException {
    FileScan ctx = new FileScan(this, path, parent.depth() + 1, null, parent.budget());
    return run(ctx, src, false);
  }

  /** Scans a member whose description the parent keeps; returns the member's context. */
  FileScan scanMember(FileScan parent, String path, ByteSource src, Keeper keeper)
      throws IOException {
    FileScan ctx = new FileScan(this, path, parent.depth() + 1, null, parent.budget(), keeper);
    run(ctx, src, false);
    return ctx;
  }

  private Verdict run(FileScan ctx, ByteSource src, boolean topLevel) throws IOException {
    int slot = out.size();
    out.add(null); // the container's result goes before its members'
    Sniff sniff = new Sniff(ctx.path(), src.size(), src.head(Sniff.HEAD_BYTES));
    FormatHandler handler = null;
    RuntimeException detectFailure = null;
    for (FormatHandler h : handlers) {
      try {
        if (h.detect(sniff)) {
          handler = h;
          break;
        }
      } catch (RuntimeException e) {
        // fail closed: a handler that cannot decide claims the file, which is then invalid
        handler = h;
        detectFailure = e;
        break;
      }
    }
    if (handler == null) {
      unrecognised(ctx, sniff);
    } else if (detectFailure != null) {
      ctx.format(handler.format());
      parserFailure(ctx, detectFailure);
    } else {
      ctx.format(handler.format());
      try {
        handler.scan(ctx, src);
      } catch (InvalidInputException e) {
        ctx.invalid(e.rule(), message(e), e.location());
      } catch (EOFException e) {
        // generic ids, not <format>.truncated: the set of rule ids stays finite and catalogued
        ctx.invalid("format.truncated", "truncated " + ctx.format() + " data: " + e.getMessage(),
            "");
      } catch (IOException e) {
        ctx.invalid("format.unreadable", "cannot be read as " + ctx.format() + ": "
            + e.getMessage(), "");
      } catch (RuntimeException e) {
        // A parser bug: never trust such a file. Errors (OutOfMemoryError, StackOverflowError)
        // are not caught: readers bound memory and depth by the budget, and a JVM that ran out
        // is not one to go on scanning in.
        parserFailure(ctx, e);
      }
    }
    String sha = src.size() <= options.hashLimit() ? Sha256.hexOf(src) : null;
    out.set(slot, new ScanResult(ctx.path(), ctx.format(), src.size(), sha, ctx.verdict(),
        ctx.findings(), topLevel));
    return ctx.verdict();
  }

  /** An exception's message for a finding; some I/O errors carry none, then their kind. */
  private static String message(Exception e) {
    return Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
  }

  private static void closeQuietly(@Nullable ByteSource src) {
    if (src != null) {
      try {
        src.close();
      } catch (IOException e) {
        // the failure that brought us here is already reported
      }
    }
  }

  private void parserFailure(FileScan ctx, RuntimeException e) {
    options.listener().parserFailure(ctx.path(), e);
    ctx.invalid("parser.failure", "could not be parsed safely (" + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", "");
  }

  private static void unrecognised(FileScan ctx, Sniff sniff) {
    String name = sniff.fileName();
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    if (MODEL_EXTENSIONS.contains(ext)) {
      ctx.invalid("format.unrecognized", "named like a ." + ext
          + " model, but its content matches no model format", "");
    }
  }

  /**
   * The bytes of a small file that the scan would read in full anyway, read once: sniffing,
   * parsing and hashing then share one buffer instead of reading the file three times. Larger
   * files, and files that are not hashed and larger than the sniffed head, stay where they are
   * (a scan reads their headers, not their tensors).
   */
  private ByteSource whole(ByteSource src) throws IOException {
    long size = src.size();
    boolean hashed = size <= options.hashLimit();
    if (!(src instanceof FileSource) || size > Limits.WHOLE_FILE_MAX
        || (!hashed && size > Sniff.HEAD_BYTES)) {
      return src;
    }
    return new BytesSource(src.bytes(0, (int) size), src.name());
  }
}
