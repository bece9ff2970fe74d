package dev.modelgate.spark;

import dev.modelgate.ScanOptions;
import dev.modelgate.ScanResult;
import dev.modelgate.Scanner;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.io.File;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;

/**
 * Scans units on an executor: one instance, and so one {@link Scanner}, per task thread. Whatever
 * happens to a unit ends as rows; only a killed task stops the loop.
 */
final class UnitScan {
  private final Scanner scanner;
  private final Configuration conf;
  private final Duration timeLimit;
  private final Counters counters;

  UnitScan(ScanSettings settings, Configuration conf, Counters counters) {
    this.scanner = new Scanner(settings.scanOptions());
    this.conf = conf;
    this.timeLimit = settings.timeLimit();
    this.counters = counters;
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
      rows = scanUnit(u, d, at);
    }
    counters.scanned();
    List<Row> out = new ArrayList<>(rows.size() * (1 + u.copies().size()));
    out.addAll(rows);
    for (Unit.Copy c : u.copies()) {
      for (Row r : rows) {
        out.add(Rows.copy(r, u.path(), c.path(), c.mtime(), Rows.DUPLICATE));
      }
    }
    return out;
  }

  private List<Row> scanUnit(Unit u, Deadline d, Timestamp at) {
    String format = u.folder() ? "directory" : "unknown";
    try {
      List<ScanResult> results;
      String coreName;
      if (u.local()) {
        java.nio.file.Path p = new File(new Path(u.path()).toUri().getPath()).toPath();
        coreName = p.toString();
        for (int i = 0; i < u.files(); i++) {
          counters.fileOpened();
        }
        results = u.folder() ? scanner.scan(List.of(p)).results() : scanner.scanFile(p);
      } else if (u.folder()) {
        Path p = new Path(u.path());
        coreName = u.path();
        results = scanner.scan(new HadoopTree(Fs.of(p, conf), p, u.path(), d, counters))
            .results();
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
