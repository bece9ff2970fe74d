package dev.modelgate.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.io.IoStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --previous and sha256 deduplication: what was scanned is not read again. */
class IncrementalTest {
  @TempDir
  Path dir;

  ModelgateSpark.Scan scan(Path input, String previous) throws Exception {
    ScanSettings s = ScanSettings.defaults().withPrevious(previous);
    return ModelgateSpark.run(SharedSpark.session(), List.of(input.toString()), s);
  }

  String write(ModelgateSpark.Scan scan, String name) {
    String out = dir.resolve(name).toString();
    scan.rows().write().parquet(out);
    return out;
  }

  static Map<String, String> verdicts(Dataset<Row> ds) {
    return ds.collectAsList().stream().collect(Collectors.toMap(r -> r.getAs("path"),
        r -> r.<String>getAs("verdict") + " " + r.getAs("sha256") + " " + r.getAs("parent_unit")));
  }

  @Test
  void rerunReadsNothingNew() throws Exception {
    Path hub = Fixtures.hub(dir.resolve("hub"));
    ModelgateSpark.Scan first = scan(hub, null);
    String out1 = write(first, "out1");
    assertThat(first.counters().unitsScanned()).isEqualTo(7);
    assertThat(first.counters().filesOpened()).isGreaterThanOrEqualTo(7);

    long coreBytes = IoStats.bytesRead();
    ModelgateSpark.Scan again = scan(hub, out1);
    String out2 = write(again, "out2");
    assertThat(again.counters().filesOpened()).isZero();
    assertThat(again.counters().bytesRead()).isZero();
    assertThat(again.counters().filesHashed()).isZero();
    assertThat(again.counters().unitsScanned()).isZero();
    assertThat(again.counters().unitsReused()).isEqualTo(7);
    assertThat(IoStats.bytesRead()).as("no core read either").isEqualTo(coreBytes);
    SparkSession spark = SharedSpark.session();
    assertThat(verdicts(spark.read().parquet(out2))).isEqualTo(verdicts(spark.read()
        .parquet(out1)));
    assertThat(spark.read().parquet(out2).where("origin <> 'previous'").count()).isZero();

    // one changed file is the only one read in the next run
    Path changed = hub.resolve("org-a/clean.pt");
    Fixtures.copyFile(Fixtures.EXAMPLES.resolve("malicious/tiny-cnn-backdoored.pt"), changed);
    Files.setLastModifiedTime(changed, FileTime.fromMillis(System.currentTimeMillis() + 5000));
    ModelgateSpark.Scan third = scan(hub, out2);
    Map<String, String> v = verdicts(third.rows()); // computed once
    assertThat(third.counters().unitsScanned()).isEqualTo(1);
    assertThat(third.counters().unitsReused()).isEqualTo(6);
    assertThat(v.get(Fixtures.uri(changed))).startsWith("malicious");
    assertThat(v).hasSameSizeAs(verdicts(spark.read().parquet(out2)));
  }

  @Test
  void identicalBytesAreScannedOnce() throws Exception {
    Path hub = dir.resolve("dups");
    for (String name : List.of("a/evil.pt", "b/evil-copy.pt", "c/renamed.bin")) {
      Fixtures.copy("archives/torch_malicious.pt", hub.resolve(name));
    }
    Fixtures.copy("archives/torch_state_dict.pt", hub.resolve("a/clean.pt"));
    ModelgateSpark.Scan s = scan(hub, null);
    String out = write(s, "dups-out"); // computed once: the counters count one run
    Dataset<Row> written = SharedSpark.session().read().parquet(out);
    Map<String, String> v = verdicts(written);
    assertThat(s.counters().unitsScanned()).isEqualTo(2);
    assertThat(s.counters().unitsDuplicate()).isEqualTo(2);
    assertThat(v.get(Fixtures.uri(hub.resolve("c/renamed.bin")))).startsWith("malicious");
    assertThat(v.get(Fixtures.uri(hub.resolve("b/evil-copy.pt")))).startsWith("malicious")
        .endsWith(Fixtures.uri(hub.resolve("b/evil-copy.pt")));
    assertThat(written.where("origin = 'duplicate'").count()).isEqualTo(2);

    // a new copy under a new name: hashed (it shares a size with a scanned file), not scanned
    Fixtures.copy("archives/torch_malicious.pt", hub.resolve("d/new.pt"));
    ModelgateSpark.Scan next = scan(hub, out);
    Map<String, String> nv = verdicts(next.rows());
    assertThat(next.counters().unitsScanned()).isZero();
    assertThat(next.counters().filesHashed()).isEqualTo(1);
    assertThat(nv.get(Fixtures.uri(hub.resolve("d/new.pt")))).startsWith("malicious");
    assertThat(nv).hasSize(5);
  }
}
