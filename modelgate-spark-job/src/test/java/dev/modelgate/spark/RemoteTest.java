package dev.modelgate.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file system that is not local ({@code mgtest:}): files are read with positioned reads only,
 * a huge file is read where its structure lies, and a reader that runs over its time stops.
 */
class RemoteTest {
  @TempDir
  Path dir;

  @AfterEach
  void fast() {
    TestFileSystem.delayMillis = 0;
  }

  ModelgateSpark.Scan scan(Path input, ScanSettings s) throws Exception {
    return ModelgateSpark.run(SharedSpark.session(), List.of(Fixtures.testUri(input)), s);
  }

  @Test
  void positionedReadsOnlyAndHugeFilesAreNotReadWhole() throws Exception {
    Path tree = dir.resolve("remote");
    Fixtures.copy("archives/torch_malicious.pt", tree.resolve("evil.pt"));
    Fixtures.copy("archives/nested.tar", tree.resolve("nested.tar"));
    Fixtures.copy("archives/torch_state_dict.pt", tree.resolve("clean.pt"));
    long huge = 3L << 30;
    Fixtures.sparse(tree.resolve("weights.bin"), huge); // over the hash limit: not hashed
    long streamed = TestFileSystem.STREAMED.get();
    ModelgateSpark.Scan s = scan(tree, ScanSettings.defaults());
    Map<String, Row> rows = ScanTestRows.byPath(s.rows());
    assertThat(rows.get(Fixtures.testUri(tree.resolve("evil.pt"))).<String>getAs("verdict"))
        .isEqualTo("malicious");
    assertThat(rows.get(Fixtures.testUri(tree.resolve("nested.tar"))
        + "!/ckpt/model.pt.gz!/model.pt").<String>getAs("verdict")).isEqualTo("malicious");
    assertThat(rows.get(Fixtures.testUri(tree.resolve("clean.pt"))).<String>getAs("verdict"))
        .isEqualTo("clean");
    Row big = rows.get(Fixtures.testUri(tree.resolve("weights.bin")));
    assertThat(big.<Long>getAs("size")).isEqualTo(huge);
    assertThat(big.<String>getAs("sha256")).isNull();
    assertThat(TestFileSystem.STREAMED.get()).as("no streaming reads").isEqualTo(streamed);
    assertThat(s.counters().bytesRead()).as("bytes read of 3 GiB and three small files")
        .isLessThan(1 << 20);
  }

  @Test
  void remoteModelFoldersAreOneUnitWithTheirSiblings() throws Exception {
    Path tree = dir.resolve("folders");
    Fixtures.copyTree(Fixtures.CORE.resolve("protobuf/tensorflow/read_file"), tree.resolve("tf"));
    Fixtures.copyTree(Fixtures.CORE.resolve("convert/hf_sharded"), tree.resolve("hf"));
    Map<String, Row> rows = ScanTestRows.byPath(scan(tree, ScanSettings.defaults()).rows());
    String tf = Fixtures.testUri(tree.resolve("tf"));
    assertThat(rows.get(tf).<String>getAs("format")).isEqualTo("directory");
    assertThat(rows.get(tf).<String>getAs("verdict")).isEqualTo("malicious");
    assertThat(rows.get(tf + "!/saved_model.pb").<String>getAs("parent_unit")).isEqualTo(tf);
    String hf = Fixtures.testUri(tree.resolve("hf"));
    assertThat(rows.get(hf).<String>getAs("verdict")).isEqualTo("clean");
    assertThat(rows.keySet().stream().filter(p -> p.startsWith(hf + "!/"))).hasSize(4);
  }

  @Test
  void aReaderThatRunsOverItsTimeIsInvalidAndTheNextFileIsFine() throws Exception {
    Path tree = dir.resolve("slow");
    long size = 64L << 20; // hashed in 1 MiB reads: 64 reads
    Fixtures.sparse(tree.resolve("slow.bin"), size);
    TestFileSystem.delayMillis = 100;
    ModelgateSpark.Scan s = scan(tree, ScanSettings.defaults()
        .withTimeLimit(Duration.ofMillis(500)));
    List<Row> rows = s.rows().collectAsList();
    assertThat(rows).hasSize(1);
    Row r = rows.get(0);
    assertThat(r.<String>getAs("verdict")).isEqualTo("invalid");
    assertThat(ScanTestRows.rules(r)).containsExactly(Deadline.RULE);
    assertThat(s.counters().unitsTimedOut()).isEqualTo(1);
    assertThat(s.counters().bytesRead()).as("stopped long before the end").isLessThan(size / 2);

    TestFileSystem.delayMillis = 0;
    Fixtures.copy("archives/torch_malicious.pt", tree.resolve("evil.pt"));
    ModelgateSpark.Scan next = scan(tree.resolve("evil.pt"), ScanSettings.defaults());
    assertThat(next.rows().collectAsList().get(0).<String>getAs("verdict"))
        .isEqualTo("malicious");
  }

  @Test
  void localScansStopAtTheirDeadlineWithoutLeakingTheInterrupt() throws Exception {
    Path tree = Fixtures.hub(dir.resolve("hub"));
    ModelgateSpark.Scan s = ModelgateSpark.run(SharedSpark.session(), List.of(tree.toString()),
        ScanSettings.defaults().withTimeLimit(Duration.ZERO).withPartitions(2));
    List<Row> tops = s.rows().where("top_level").collectAsList();
    assertThat(tops).hasSize(7).allSatisfy(r -> {
      assertThat(r.<String>getAs("verdict")).isEqualTo("invalid");
      assertThat(ScanTestRows.rules(r)).containsExactly(Deadline.RULE);
    });
    // the same task threads scan normally afterwards: no interrupt outlived its scan
    ModelgateSpark.Scan ok = ModelgateSpark.run(SharedSpark.session(), List.of(tree.toString()),
        ScanSettings.defaults().withPartitions(2));
    assertThat(ok.rows().where("top_level AND verdict = 'malicious'").count()).isEqualTo(3);
    assertThat(ok.counters().unitsTimedOut()).isZero();
  }
}
