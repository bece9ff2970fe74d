package dev.modelgate.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.ScanOptions;
import dev.modelgate.ScanResult;
import dev.modelgate.Scanner;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Dataset API on a hub-like tree: every verdict, nested archives, folder units, limits. */
class ScanTest {
  @TempDir
  static Path dir;
  static Map<String, Row> rows;
  static Path hub;

  @BeforeAll
  static void scan() throws Exception {
    hub = Fixtures.hub(dir.resolve("hub"));
    SparkSession spark = SharedSpark.session();
    Dataset<Row> ds = ModelgateSpark.scan(spark, List.of(hub.toString()));
    rows = ScanTestRows.byPath(ds);
  }

  static Row row(Path p, String member) {
    Row r = rows.get(Fixtures.uri(p) + member);
    assertThat(r).as(p + member).isNotNull();
    return r;
  }

  @Test
  void everyVerdictOnePerFile() {
    assertThat((String) row(hub.resolve("org-a/clean.pt"), "").getAs("verdict")).isEqualTo("clean");
    assertThat((String) row(hub.resolve("org-a/suspicious.pt"), "").getAs("verdict"))
        .isEqualTo("suspicious");
    assertThat((String) row(hub.resolve("org-b/malicious.pt"), "").getAs("verdict"))
        .isEqualTo("malicious");
    Row clean = row(hub.resolve("org-a/clean.pt"), "");
    assertThat((String) clean.getAs("format")).isEqualTo("pytorch-zip");
    assertThat((String) clean.getAs("sha256")).hasSize(64);
    assertThat((Boolean) clean.getAs("top_level")).isTrue();
    assertThat((String) clean.getAs("scanner_version")).isEqualTo(Rows.SCANNER_VERSION);
    assertThat((String) clean.getAs("origin")).isEqualTo("scanned");
  }

  @Test
  void readerLimitIsAnInvalidRowNamingTheRule() {
    Row bomb = row(hub.resolve("org-b/bomb.zip"), "");
    assertThat((String) bomb.getAs("verdict")).isEqualTo("invalid");
    assertThat(ScanTestRows.rules(bomb)).contains("zip.decompression-bomb");
  }

  @Test
  void findingsAreStructsWithEveryField() {
    Row mal = row(hub.resolve("org-b/malicious.pt"), "");
    List<Row> fs = mal.getList(mal.fieldIndex("findings"));
    assertThat(fs).isNotEmpty();
    Row f = fs.get(0);
    assertThat((String) f.getAs("rule")).isEqualTo("pickle.dangerous-call");
    assertThat((String) f.getAs("severity")).isEqualTo("critical");
    assertThat((String) f.getAs("message")).isNotBlank();
    assertThat((String) f.getAs("location")).contains("data.pkl");
    assertThat((String) f.getAs("evidence")).isNotBlank();
  }

  @Test
  void nestedArchiveMembersBelongToTheirUnit() {
    Path tar = hub.resolve("org-c/nested.tar");
    Row inner = row(tar, "!/ckpt/model.pt.gz!/model.pt");
    assertThat((String) inner.getAs("verdict")).isEqualTo("malicious");
    assertThat((String) inner.getAs("parent_unit")).isEqualTo(Fixtures.uri(tar));
    assertThat((Boolean) inner.getAs("top_level")).isFalse();
    assertThat((String) row(tar, "!/ckpt/model.pt.gz").getAs("format")).isEqualTo("gzip");
    assertThat((String) row(tar, "").getAs("verdict")).isEqualTo("malicious");
  }

  @Test
  void modelFoldersAreOneUnit() {
    Path sharded = hub.resolve("org-c/sharded");
    Row top = row(sharded, "");
    assertThat((String) top.getAs("format")).isEqualTo("directory");
    assertThat((String) top.getAs("verdict")).isEqualTo("clean");
    assertThat((String) row(sharded, "!/pytorch_model-00001-of-00002.bin").getAs("parent_unit"))
        .isEqualTo(Fixtures.uri(sharded));
    Path saved = hub.resolve("org-d/saved");
    assertThat((String) row(saved, "").getAs("verdict")).isEqualTo("malicious");
    assertThat((String) row(saved, "!/variables/variables.index").getAs("parent_unit"))
        .isEqualTo(Fixtures.uri(saved));
    // a folder's files are not also units of their own
    assertThat(rows.get(Fixtures.uri(saved.resolve("saved_model.pb")))).isNull();
  }

  @Test
  void sameVerdictsAsTheCoreScanningEachUnit() throws Exception {
    Scanner core = new Scanner(ScanOptions.defaults());
    List<Row> units = rows.values().stream().filter(r -> r.<Boolean>getAs("top_level")).toList();
    assertThat(units).hasSize(7);
    for (Row r : units) {
      Path p = Path.of(r.<String>getAs("path").substring("file:".length()));
      ScanResult expected = core.scan(List.of(p)).results().get(0);
      assertThat((String) r.getAs("verdict")).as(p.toString())
          .isEqualTo(expected.verdict().label());
      assertThat((String) r.getAs("format")).isEqualTo(expected.format());
    }
  }

  @Test
  void summaryCountsVerdictsFormatsAndRules() {
    Dataset<Row> ds = SharedSpark.session().createDataFrame(List.copyOf(rows.values()),
        Rows.SCHEMA);
    Map<String, Long> counts = new HashMap<>();
    for (Row r : ModelgateSpark.summary(ds).collectAsList()) {
      counts.put(r.getString(0) + ":" + r.getString(1), r.getLong(2));
    }
    assertThat(counts).containsEntry("verdict:malicious", 3L).containsEntry("verdict:clean", 2L)
        .containsEntry("verdict:suspicious", 1L).containsEntry("verdict:invalid", 1L)
        .containsEntry("format:directory", 2L).containsEntry("rule:zip.decompression-bomb", 1L);
  }
}
