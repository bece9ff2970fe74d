package dev.modelgate.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's command line: the README's command on the bundled examples, exit codes, output. */
class JobTest {
  @TempDir
  Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String... args) {
    return Job.run(SharedSpark.session(), args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void examplesIntoParquetThatSparkSqlQueries() throws Exception {
    Path output = dir.resolve("out");
    assertThat(run("--input", Fixtures.EXAMPLES.toString(), "--output", output.toString()))
        .as(err()).isEqualTo(1); // the examples hold malicious files
    assertThat(Files.list(output).map(p -> p.getFileName().toString())
        .filter(n -> n.startsWith("part-") && n.endsWith(".parquet"))).isNotEmpty();
    assertThat(output.resolve(JobRun.SUMMARY)).content().contains("\"malicious\": 2");
    SparkSession spark = SharedSpark.session();
    spark.read().parquet(output.toString()).createOrReplaceTempView("scan");
    long units = spark.sql("SELECT * FROM scan WHERE top_level").count();
    assertThat(units).isGreaterThanOrEqualTo(3);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains(units + " units")
        .contains("2 malicious");
    Dataset<Row> q = spark.sql("SELECT path, verdict, format, sha256, size(findings) AS n "
        + "FROM scan WHERE top_level AND verdict <> 'clean' ORDER BY path");
    List<Row> bad = q.collectAsList();
    assertThat(bad).extracting(r -> r.getString(0)).containsExactly(
        Fixtures.uri(Fixtures.EXAMPLES.resolve("malicious/innocent-looking.pkl")),
        Fixtures.uri(Fixtures.EXAMPLES.resolve("malicious/tiny-cnn-backdoored.pt")));
    assertThat(bad).allSatisfy(r -> {
      assertThat(r.getString(1)).isEqualTo("malicious");
      assertThat(r.getString(3)).hasSize(64);
      assertThat(r.getInt(4)).isPositive();
    });
    assertThat(spark.sql("SELECT f.rule FROM scan LATERAL VIEW explode(findings) t AS f")
        .collectAsList()).extracting(r -> r.getString(0)).containsOnly("pickle.dangerous-call");
  }

  @Test
  void theSummaryCountedInTheTasksEqualsTheRowsWritten() throws Exception {
    Path hub = Fixtures.hub(dir.resolve("hub"));
    Fixtures.copy("archives/torch_malicious.pt", hub.resolve("org-e/copy.pt")); // a duplicate
    Path output = dir.resolve("counted");
    assertThat(run("--input", hub.toString(), "--output", output.toString())).isEqualTo(1);
    Map<?, ?> doc = (Map<?, ?>) dev.modelgate.json.Json.parse(
        Files.readAllBytes(output.resolve(JobRun.SUMMARY)));
    Map<String, Map<String, Long>> expected = new java.util.HashMap<>();
    for (Row r : ModelgateSpark.summary(SharedSpark.session().read().parquet(output.toString()))
        .collectAsList()) {
      expected.computeIfAbsent(r.getString(0), k -> new java.util.HashMap<>())
          .put(r.getString(1), r.getLong(2));
    }
    for (String kind : List.of("verdict", "format", "rule")) {
      Map<?, ?> got = (Map<?, ?>) doc.get(kind + "s");
      Map<String, Long> asLongs = new java.util.HashMap<>();
      got.forEach((k, v) -> asLongs.put((String) k, ((Number) v).longValue()));
      assertThat(asLongs).as(kind).isEqualTo(expected.get(kind));
    }
    assertThat(((Number) ((Map<?, ?>) doc.get("run")).get("units_duplicate")).longValue())
        .isEqualTo(1);
  }

  @Test
  void jsonLinesOnRequestAndZeroWhenAllClean() throws Exception {
    Path output = dir.resolve("json[1]"); // a glob character in the name is read as itself
    Path clean = Fixtures.EXAMPLES.resolve("clean");
    assertThat(run("--input", clean.toString(), "--output", output.toString(), "--format",
        "json")).as(err()).isEqualTo(0);
    String lines = Files.list(output).filter(p -> p.getFileName().toString().endsWith(".json")
        && p.getFileName().toString().startsWith("part-")).map(p -> {
          try {
            return Files.readString(p);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }).collect(Collectors.joining());
    assertThat(lines).contains("\"verdict\":\"clean\"").contains("\"format\":\"pytorch-zip\"");
    // a second run may replace an earlier result
    assertThat(run("--input", clean.toString(), "--output", output.toString())).isEqualTo(0);
  }

  @Test
  void listFileOfPaths() throws Exception {
    Path list = dir.resolve("models.txt");
    Files.writeString(list, "# two of the examples\n"
        + Fixtures.EXAMPLES.resolve("clean/tiny-cnn.pt") + "\n\n"
        + Fixtures.uri(Fixtures.EXAMPLES.resolve("malicious/innocent-looking.pkl")) + "\n");
    Path output = dir.resolve("out");
    assertThat(run("--input", list.toString(), "--output", output.toString())).isEqualTo(1);
    Map<String, String> verdicts = SharedSpark.session().read().parquet(output.toString())
        .collectAsList().stream().collect(Collectors.toMap(r -> r.getAs("path"),
            r -> r.getAs("verdict")));
    assertThat(verdicts).containsOnlyKeys(
        Fixtures.uri(Fixtures.EXAMPLES.resolve("clean/tiny-cnn.pt")),
        Fixtures.uri(Fixtures.EXAMPLES.resolve("malicious/innocent-looking.pkl")));
  }

  @Test
  void usageAndJobErrorsExitTwoWithOneLine() throws Exception {
    assertThat(run("--input", "x")).isEqualTo(2);
    assertThat(err()).contains("--input and --output are required");
    assertThat(run("--input", "x", "--output", "y", "--format", "xml")).isEqualTo(2);
    assertThat(run("--bogus")).isEqualTo(2);
    assertThat(run("--input", "x", "--output", "y", "--time-limit", "-1")).isEqualTo(2);
    err.reset();
    assertThat(run("--input", dir.resolve("missing").toString(), "--output",
        dir.resolve("o").toString())).isEqualTo(2);
    assertThat(err()).contains("no such file or directory").doesNotContain("\tat ");
    assertThat(err().lines().count()).isEqualTo(1);

    // an output folder that holds something else is never overwritten
    Path precious = dir.resolve("precious");
    Files.createDirectories(precious);
    Files.writeString(precious.resolve("notes.txt"), "keep me");
    assertThat(run("--input", Fixtures.EXAMPLES.resolve("clean").toString(), "--output",
        precious.toString())).isEqualTo(2);
    assertThat(precious.resolve("notes.txt")).exists();
    // nor an input
    assertThat(run("--input", precious.toString(), "--output", precious.resolve("o").toString()))
        .isEqualTo(2);
    assertThat(err()).contains("overlaps");
  }

  @Test
  void policyFileAndAllowExtendTheAllowlistAsForScan() throws Exception {
    Path in = dir.resolve("in/suspicious.pt"); // calls mypkg.helpers.Scaler, an unlisted global
    Fixtures.copy("convert/suspicious.pt", in);
    String input = in.getParent().toString();
    assertThat(run("--input", input, "--output", dir.resolve("plain").toString())).isEqualTo(1);
    assertThat(verdict(dir.resolve("plain"))).isEqualTo("suspicious");

    assertThat(run("--input", input, "--output", dir.resolve("allowed").toString(), "--allow",
        "mypkg.helpers.Scaler")).as(err()).isEqualTo(0);
    assertThat(verdict(dir.resolve("allowed"))).isEqualTo("clean");

    Path policy = dir.resolve("policy.json");
    Files.writeString(policy, "{\"allow\": [\"mypkg.*\"]}");
    assertThat(run("--input", input, "--output", dir.resolve("policy").toString(), "--policy",
        policy.toString())).as(err()).isEqualTo(0);
    assertThat(verdict(dir.resolve("policy"))).isEqualTo("clean");

    // never a dangerous callable, whatever the allowlist says (the core's rule)
    Path evil = dir.resolve("evil/m.pt");
    Fixtures.copy("archives/torch_malicious.pt", evil);
    assertThat(run("--input", evil.getParent().toString(), "--output",
        dir.resolve("evil-out").toString(), "--allow", "os.*", "--allow", "posix.*",
        "--allow", "builtins.*")).isEqualTo(1);
    assertThat(verdict(dir.resolve("evil-out"))).isEqualTo("malicious");

    // a broken policy file or pattern is a usage error, one line, before any scan
    Files.writeString(policy, "{\"deny\": []}");
    err.reset();
    assertThat(run("--input", input, "--output", dir.resolve("x").toString(), "--policy",
        policy.toString())).isEqualTo(2);
    assertThat(err()).contains("policy.json").contains("unknown policy key");
    assertThat(err().lines().count()).isEqualTo(1);
    err.reset();
    assertThat(run("--input", input, "--output", dir.resolve("y").toString(), "--allow", "*"))
        .isEqualTo(2);
    assertThat(err().lines().count()).isEqualTo(1);
    assertThat(dir.resolve("x")).doesNotExist();
  }

  private static String verdict(Path output) {
    List<Row> tops = SharedSpark.session().read().parquet(output.toString()).where("top_level")
        .collectAsList();
    assertThat(tops).hasSize(1);
    return tops.get(0).getAs("verdict");
  }
}
