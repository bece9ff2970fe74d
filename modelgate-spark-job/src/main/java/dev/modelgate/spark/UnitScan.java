package dev.modelgate.spark;

import dev.modelgate.ScanOptions;
import dev.modelgate.ScanResult;
import dev.modelgate.Scanner;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.BytesSource;
import dev.modelgate.io.FileSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.io.File;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;

/**
 * Scans units on an executor, one task's at a time, with the {@link Scanner} of its task thread
 * (kept for the thread's next tasks). Whatever happens to a unit ends as rows; only a killed task
 * stops the loop.
 *
 * <p>Units marked {@link Unit#dedupe} come in runs of one size (identical bytes have one size):
 * each is opened once and hashed, and one whose sha256 an earlier unit of the run had gets copies
 * of that unit's rows instead of a scan; the others are scanned from the source just hashed. A file on a remote file system up to {@link #WHOLE} bytes is read
 * in one request and scanned (and hashed) from memory: one ranged read, not one per structure.
 */
final class UnitScan {
  /** Remote files up to this size are read whole, once; bigger ones by positioned reads. */
  static final int WHOLE = 8 << 20;

  private static final ThreadLocal<Map.Entry<ScanSettings, Scanner>> SCANNERS =
      new ThreadLocal<>();

  private final Scanner scanner;
  private final Configuration conf;
  private final Duration timeLimit;
  private final Counters counters;
  /** Rows by sha256 of the current run of same-sized dedupe units, and that size. */
  private final Map<String, Scanned> seen = new HashMap<>();
  private long seenSize = -1;

  private record Scanned(String path, List<Row> rows) {}

  private UnitScan(Scanner scanner, Configuration conf, ScanSettings settings,
      Counters counters) {
    this.scanner = scanner;
    this.conf = conf;
    this.timeLimit = settings.timeLimit();
    this.counters = counters;
  }

  /** For one task; the scanner is this thread's, made once per thread and settings. */
  static UnitScan of(ScanSettings settings, Configuration conf, Counters counters) {
    Map.Entry<ScanSettings, Scanner> cached = SCANNERS.get();
    if (cached == null || !cached.getKey().equals(settings)) {
      cached = Map.entry(settings, new Scanner(settings.scanOptions()));
      SCANNERS.set(cached);
    }
    return new UnitScan(cached.getValue(), conf, settings, counters);
  }

  /** The rows of a unit and of its copies. */
  List<Row> rows(Unit u) {
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.killTaskIfInterrupted(); // Spark's own kill flag; our interrupt flag is ours to clear
    }
    Timestamp at = new Timestamp(System.currentTimeMillis());
    List<Row> rows;
    try (Deadline d = Deadline.start(timeLimit)) {
      if (u.dedupe()) {
        if (u.size() != seenSize) {
          seen.clear();
          seenSize = u.size();
        }
        Read read = readForHash(u, d);
        try {
          Scanned same = read == null ? null : seen.get(read.sha());
          if (same != null) {
            counters.duplicate();
            List<Row> copies = copies(same.rows(), same.path(), u.path(), u.mtime());
            counters.tally(copies);
            return copies;
          }
          rows = scanUnit(u, d, at, read == null ? null : read.src());
          if (read != null) {
            seen.put(read.sha(), new Scanned(u.path(), rows));
          }
        } finally {
          closeQuietly(read == null ? null : read.src());
        }
      } else {
        rows = scanUnit(u, d, at, null);
      }
    }
    counters.scanned();
    List<Row> out = new ArrayList<>(rows.size() * (1 + u.copies().size()));
    out.addAll(rows);
    for (Unit.Copy c : u.copies()) {
      out.addAll(copies(rows, u.path(), c.path(), c.mtime()));
    }
    counters.tally(out);
    return out;
  }

  private static List<Row> copies(List<Row> rows, String from, String to, long mtime) {
    List<Row> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(Rows.copy(r, from, to, mtime, Rows.DUPLICATE));
    }
    return out;
  }

  /**
   * A dedupe unit's sha256 and the source it was computed from, which the scan then reads: the
   * content judged is the content hashed, even if the file is replaced in between.
   */
  private record Read(String sha, ByteSource src) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      src.close();
    }
  }

  /**
   * Opens and hashes a dedupe unit; null when it cannot be read (in time): the scan then says why.
   * A file up to {@link #WHOLE} bytes is read whole, once, and hashed and scanned from memory; a
   * bigger one is hashed and scanned through one open source (a local one through the core's own
   * file source, so the core still sees the folder around it).
   */
  private Read readForHash(Unit u, Deadline d) {
    Path p = new Path(u.path());
    ByteSource src = null;
    try {
      String name = u.path();
      if (u.local()) {
        counters.fileOpened(); // a HadoopSource counts its own opens
        name = localPath(p).toString();
        src = FileSource.open(localPath(p));
      } else {
        src = HadoopSource.open(Fs.of(p, conf), p, u.size(), u.path(), d, counters);
      }
      if (src.size() != u.size()) {
        src.close(); // it changed since it was listed: scanned afresh, which says what it is now
        return null;
      }
      if (u.size() <= WHOLE) {
        byte[] bytes = src.bytes(0, (int) u.size());
        src.close();
        src = new BytesSource(bytes, name);
        counters.hashed();
        return new Read(Hashing.sha256(bytes), src);
      }
      String sha = Hashing.sha256(src);
      counters.hashed();
      if (sha == null) {
        src.close();
        return null;
      }
      return new Read(sha, src);
    } catch (IOException | RuntimeException e) {
      closeQuietly(src);
      return null;
    }
  }

  private static void closeQuietly(ByteSource src) {
    if (src != null) {
      try {
        src.close();
      } catch (IOException ignored) {
        // nothing was kept from it
      }
    }
  }

  private byte[] readWhole(Unit u, Path p, Deadline d) throws IOException {
    try (HadoopSource src = HadoopSource.open(Fs.of(p, conf), p, u.size(), u.path(), d,
        counters)) {
      return src.readAll();
    }
  }

  private static java.nio.file.Path localPath(Path p) {
    return new File(p.toUri().getPath()).toPath();
  }

  /** @param opened the unit's source when already opened (and hashed) for it, or null */
  private List<Row> scanUnit(Unit u, Deadline d, Timestamp at, ByteSource opened) {
    String format = u.folder() ? "directory" : "unknown";
    try {
      List<ScanResult> results;
      String coreName;
      if (u.local()) {
        java.nio.file.Path p = localPath(new Path(u.path()));
        coreName = p.toString();
        if (opened == null) {
          for (int i = 0; i < u.files(); i++) {
            counters.fileOpened();
          }
        }
        results = u.folder() ? scanner.scan(List.of(p)).results()
            : opened != null ? scanner.scanFile(p, opened) : scanner.scanFile(p);
      } else if (u.folder()) {
        Path p = new Path(u.path());
        coreName = u.path();
        results = scanner.scan(new HadoopTree(Fs.of(p, conf), p, u.path(), d, counters))
            .results();
      } else if (opened != null) {
        coreName = u.path();
        results = scanner.scan(opened);
      } else if (u.size() <= WHOLE) {
        coreName = u.path();
        results = scanner.scan(new BytesSource(readWhole(u, new Path(u.path()), d), u.path()));
      } else {
        Path p = new Path(u.path());
        coreName = u.path();
        try (HadoopSource src = HadoopSource.open(Fs.of(p, conf), p, u.size(), u.path(), d,
            counters)) {
          results = scanner.scan(src);
        }
      }
      if (d.expired()) {
        return List.of(overTime(u, format, d, at));
      }
      return Rows.of(results, coreName, u.path(), u.mtime(), at, d.elapsedMillis());
    } catch (InvalidInputException e) {
      if (d.expired() || Deadline.RULE.equals(e.rule())) {
        return List.of(overTime(u, format, d, at));
      }
      return List.of(Rows.failed(u.path(), u.size(), u.mtime(), format,
          new Finding(e.rule(), Verdict.INVALID, e.getMessage(), e.location(), ""), at,
          d.elapsedMillis()));
    } catch (IOException e) {
      if (d.expired()) {
        return List.of(overTime(u, format, d, at));
      }
      return List.of(Rows.failed(u.path(), u.size(), u.mtime(), format,
          new Finding("fs.unreadable", Verdict.INVALID, "cannot be read: " + e.getMessage(), "",
              ""), at, d.elapsedMillis()));
    } catch (RuntimeException | StackOverflowError e) {
      if (d.expired()) {
        return List.of(overTime(u, format, d, at)); // the interrupt broke the scan, as meant
      }
      // a reader bug no handler caught: the file is not trusted, the stage goes on
      return List.of(Rows.failed(u.path(), u.size(), u.mtime(), format,
          new Finding("parser.failure", Verdict.INVALID, "could not be scanned safely ("
              + e.getClass().getSimpleName() + ")", "", ""), at, d.elapsedMillis()));
    }
  }

  private Row overTime(Unit u, String format, Deadline d, Timestamp at) {
    counters.timedOut();
    return Rows.failed(u.path(), u.size(), u.mtime(), format, new Finding(Deadline.RULE,
        Verdict.INVALID, "scan stopped: it ran over the per-file time limit of "
        + d.limit().toMillis() + " ms, so the file is not trusted", "", ""), at,
        d.elapsedMillis());
  }

  /** The file system for {@code p}; local files are read without Hadoop's checksum layer. */
  static final class Fs {
    private Fs() {}

    static FileSystem of(Path p, Configuration conf) throws IOException {
      FileSystem fs = p.getFileSystem(conf);
      return fs instanceof org.apache.hadoop.fs.LocalFileSystem local ? local.getRaw() : fs;
    }
  }
}
