package dev.modelgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.format.Fixtures;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.BytesSource;
import dev.modelgate.io.SourceTree;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A tree that is not a folder on disk is judged like one, siblings included. */
class SourceTreeScanTest {

  /** An in-memory tree, as a Hadoop or Hub listing would give it. */
  record MemoryTree(String name, Map<String, byte[]> content) implements SourceTree {
    @Override
    public List<File> files() {
      List<File> out = new ArrayList<>();
      new TreeMap<>(content).forEach((k, v) -> out.add(new File(k, v.length)));
      return out;
    }

    @Override
    public ByteSource open(String path) {
      return new BytesSource(content.get(path), name + "!/" + path);
    }
  }

  private static byte[] fixture(String rel) throws IOException {
    return Files.readAllBytes(Fixtures.dir("protobuf").resolve(rel));
  }

  private static List<String> rules(ScanReport r) {
    return r.results().stream().flatMap(x -> x.findings().stream()).map(Finding::rule).toList();
  }

  @Test
  void externalDataInTheTreeIsFoundAndChecked() throws IOException {
    Path dir = Fixtures.dir("protobuf").resolve("onnx/external_same_dir");
    Map<String, byte[]> files = new TreeMap<>();
    try (var s = Files.list(dir)) {
      for (Path p : s.toList()) {
        files.put("sub/" + p.getFileName(), Files.readAllBytes(p));
      }
    }
    ScanReport r = new Scanner(ScanOptions.defaults()).scan(new MemoryTree("hdfs://nn/m", files));
    assertThat(r.results().get(0).format()).isEqualTo("directory");
    assertThat(r.results().get(0).path()).isEqualTo("hdfs://nn/m");
    assertThat(r.results().get(0).verdict()).isEqualTo(Verdict.CLEAN);
    assertThat(r.results()).extracting(ScanResult::path).contains("hdfs://nn/m!/sub/model.onnx");
  }

  @Test
  void externalDataMissingFromTheTreeIsInvalid() throws IOException {
    Map<String, byte[]> files = Map.of("model.onnx",
        fixture("onnx/external_same_dir/model.onnx"));
    ScanReport r = new Scanner(ScanOptions.defaults()).scan(new MemoryTree("t", files));
    assertThat(r.results().get(0).verdict()).isEqualTo(Verdict.INVALID);
    assertThat(rules(r)).contains("onnx.external-data-missing");
  }

  @Test
  void aScannerKeepsNoResultsBetweenCalls() throws IOException {
    Scanner s = new Scanner(ScanOptions.defaults());
    byte[] pkl = {(byte) 0x80, 2, 'N', '.'};
    for (int i = 0; i < 3; i++) {
      assertThat(s.scan(new BytesSource(pkl, "x" + i))).hasSize(1);
    }
  }
}
