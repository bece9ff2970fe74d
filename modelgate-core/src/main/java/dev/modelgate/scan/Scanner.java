package dev.modelgate.scan;

import dev.modelgate.io.Budget;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.FileSource;
import dev.modelgate.io.InvalidInputException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

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

  public Scanner(ScanOptions options) {
    this(options, Handlers.all());
  }

  Scanner(ScanOptions options, List<FormatHandler> handlers) {
    this.options = options;
    this.handlers = List.copyOf(handlers);
  }

  public ScanOptions options() {
    return options;
  }

  /**
   * Scans files and folders (walked recursively in name order; symbolic links are not followed
   * out of a folder). Fails before scanning anything if a path does not exist.
   */
  public ScanReport scan(List<Path> paths) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new NoSuchFileException(p.toString(), null, "no such file or directory");
      }
      if (Files.isDirectory(p)) {
        files.addAll(walk(p));
      } else {
        if (!Files.isReadable(p)) {
          throw new IOException(p + ": not readable");
        }
        files.add(p);
      }
    }
    out = new ArrayList<>();
    for (int k = 0; k < files.size(); k++) {
      options.listener().fileStarted(files.get(k).toString(), k + 1, files.size());
      scanFile(files.get(k));
    }
    return new ScanReport(out);
  }

  /** Scans one file on disk; returns its result followed by those of its members. */
  public List<ScanResult> scanFile(Path file) throws IOException {
    int from = out.size();
    try (FileSource src = FileSource.open(file)) {
      Path dir = file.toAbsolutePath().getParent();
      scanTop(file.toString(), src, dir);
    }
    return List.copyOf(out.subList(from, out.size()));
  }

  /** Scans bytes that are not a file on disk (an upload, a test input). */
  public List<ScanResult> scan(ByteSource src) throws IOException {
    int from = out.size();
    scanTop(src.name(), src, null);
    return List.copyOf(out.subList(from, out.size()));
  }

  private void scanTop(String path, ByteSource src, Path dir) throws IOException {
    Budget budget = new Budget(options.limits());
    ScanContext ctx = new ScanContext(this, path, 0, dir, budget);
    run(ctx, src, true);
  }

  Verdict scanMember(ScanContext parent, String path, ByteSource src) throws IOException {
    ScanContext ctx = new ScanContext(this, path, parent.depth() + 1, null, parent.budget());
    return run(ctx, src, false);
  }

  private Verdict run(ScanContext ctx, ByteSource src, boolean topLevel) throws IOException {
    int slot = out.size();
    out.add(null); // the container's result goes before its members'
    Sniff sniff = new Sniff(ctx.path(), src.size(), src.head(Sniff.HEAD_BYTES));
    FormatHandler handler = detect(sniff);
    if (handler == null) {
      unrecognised(ctx, sniff);
    } else {
      ctx.format(handler.format());
      try {
        handler.scan(ctx, src);
      } catch (InvalidInputException e) {
        ctx.invalid(e.rule(), e.getMessage(), e.location());
      } catch (EOFException e) {
        ctx.invalid(ctx.format() + ".truncated", "truncated: " + e.getMessage(), "");
      } catch (IOException e) {
        ctx.invalid(ctx.format() + ".unreadable", "cannot be read as " + ctx.format() + ": "
            + e.getMessage(), "");
      } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
        // A parser bug or an input shape no rule anticipated: never trust such a file.
        options.listener().parserFailure(ctx.path(), e);
        ctx.invalid("parser.failure", "could not be parsed safely (" + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", "");
      }
    }
    String sha = src.size() <= options.hashLimit() ? sha256(src) : null;
    out.set(slot, new ScanResult(ctx.path(), ctx.format(), src.size(), sha, ctx.verdict(),
        ctx.findings(), topLevel));
    return ctx.verdict();
  }

  private FormatHandler detect(Sniff sniff) {
    for (FormatHandler h : handlers) {
      if (h.detect(sniff)) {
        return h;
      }
    }
    return null;
  }

  private static void unrecognised(ScanContext ctx, Sniff sniff) {
    String name = sniff.fileName();
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    if (MODEL_EXTENSIONS.contains(ext)) {
      ctx.invalid("format.unrecognized", "named like a ." + ext
          + " model, but its content matches no model format", "");
    }
  }

  private static String sha256(ByteSource src) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    ByteBuffer buf = ByteBuffer.allocate(1 << 20);
    long pos = 0;
    int n;
    while ((n = src.read(pos, buf.clear())) > 0) {
      md.update(buf.flip());
      pos += n;
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static List<Path> walk(Path root) throws IOException {
    Path realRoot = root.toRealPath();
    try (Stream<Path> s = Files.walk(root)) {
      List<Path> files = new ArrayList<>();
      for (Path p : (Iterable<Path>) s.sorted()::iterator) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          files.add(p);
        } else if (Files.isSymbolicLink(p) && Files.isRegularFile(p)
            && p.toRealPath().startsWith(realRoot)) {
          files.add(p); // a link to a file inside the folder, as Hugging Face caches use
        }
      }
      return files;
    }
  }
}
