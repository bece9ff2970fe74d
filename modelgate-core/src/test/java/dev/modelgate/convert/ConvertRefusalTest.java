package dev.modelgate.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.format.Fixtures;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.policy.Policy;
import dev.modelgate.rules.Verdict;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile inputs are refused with findings and leave nothing behind; outputs are not clobbered. */
class ConvertRefusalTest {
  @TempDir
  Path tmp;

  private static Converter.Options defaults() {
    return new Converter.Options(Policy.defaults(), false, false);
  }

  private List<String> files() throws Exception {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"malicious.pt", "suspicious.pt", "short_storage.pt"})
  void refusesInputsThatAreNotClean(String name) throws Exception {
    Path in = Fixtures.dir("convert").resolve(name);
    assertThatThrownBy(() -> Converter.convert(in, tmp.resolve("out.safetensors"), defaults()))
        .isInstanceOfSatisfying(RefusedException.class, e -> {
          assertThat(e.report()).isNotNull();
          assertThat(e.report().allClean()).isFalse();
          assertThat(e.getMessage()).contains(name);
        });
    assertThat(files()).isEmpty();
    assertThatThrownBy(() -> Checkpoint.open(in)).isInstanceOf(RefusedException.class);
  }

  @Test
  void maliciousFindingNamesTheCall() {
    Path in = Fixtures.dir("convert").resolve("malicious.pt");
    assertThatThrownBy(() -> Checkpoint.open(in)).isInstanceOfSatisfying(RefusedException.class,
        e -> {
          assertThat(e.getMessage()).contains("malicious").contains("pickle.dangerous-call");
          assertThat(e.report().results().get(0).verdict()).isEqualTo(Verdict.MALICIOUS);
        });
  }

  @Test
  void userAllowlistAdmitsAnUnlistedGlobal() throws Exception {
    Path in = Fixtures.dir("convert").resolve("suspicious.pt");
    Path out = tmp.resolve("s.safetensors");
    Converter.Outcome o = Converter.convert(in, out, new Converter.Options(
        Policy.defaults().allow(List.of("mypkg.helpers.Scaler")), false, false));
    assertThat(o.tensors()).isZero();
    assertThat(o.skipped()).isEqualTo(1);
    assertThat(SafetensorsCheck.read(out).header()).containsOnlyKeys("__metadata__");
  }

  @Test
  void allowlistingNeverAdmitsADangerousCall() {
    Path in = Fixtures.dir("convert").resolve("malicious.pt");
    assertThatThrownBy(() -> Converter.convert(in, tmp.resolve("m.safetensors"),
        new Converter.Options(Policy.defaults().allow(List.of("os.system")), false, false)))
        .isInstanceOf(RefusedException.class);
    assertThat(tmp.resolve("m.safetensors")).doesNotExist();
  }

  @Test
  void objectArraysAreRefused() {
    Path in = Fixtures.dir("convert").resolve("object.npy");
    assertThatThrownBy(() -> Converter.convert(in, tmp.resolve("o.safetensors"), defaults()))
        .isInstanceOf(RefusedException.class).hasMessageContaining("object array");
    assertThat(tmp.resolve("o.safetensors")).doesNotExist();
  }

  @Test
  void existingOutputNeedsForce() throws Exception {
    Path in = Fixtures.dir("convert").resolve("bare.pt");
    Path out = tmp.resolve("bare.safetensors");
    Files.writeString(out, "keep me");
    assertThatThrownBy(() -> Converter.convert(in, out, defaults()))
        .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("--force");
    assertThat(Files.readString(out)).isEqualTo("keep me");
    Converter.convert(in, out, new Converter.Options(Policy.defaults(), false, true));
    assertThat(SafetensorsCheck.read(out).header()).containsKey("tensor");
  }

  @Test
  void outputDefaultsBesideTheInput() throws Exception {
    Path in = tmp.resolve("model.pth");
    Files.copy(Fixtures.dir("convert").resolve("bare.pt"), in);
    Converter.Outcome o = Converter.convert(in, null, defaults());
    assertThat(o.outputs()).containsExactly(tmp.resolve("model.safetensors"));
    assertThatThrownBy(() -> Converter.convert(in, in, new Converter.Options(Policy.defaults(),
        false, true))).isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining("input itself");
  }

  @Test
  void dedupeKeepsTheFirstNameOfTiedWeights() throws Exception {
    Path in = Fixtures.dir("convert").resolve("views.pt");
    Path all = tmp.resolve("all.safetensors");
    Path one = tmp.resolve("one.safetensors");
    Converter.convert(in, all, defaults());
    Converter.convert(in, one, new Converter.Options(Policy.defaults(), true, false));
    assertThat(SafetensorsCheck.read(all).header()).containsKeys("tied_a", "tied_b");
    SafetensorsCheck.Read r = SafetensorsCheck.read(one);
    assertThat(r.header()).containsKey("tied_a").doesNotContainKey("tied_b");
    @SuppressWarnings("unchecked")
    Map<String, String> meta = (Map<String, String>) r.header().get("__metadata__");
    assertThat(meta).containsEntry("tied_b", "tied_a").containsEntry("format", "pt");
    // views of one storage that differ are not aliases: each is written
    assertThat(r.header()).containsKeys("base", "slice", "matrix", "transposed", "strided");
  }

  @Test
  void shardedFolderKeepsTheLayout() throws Exception {
    Path in = Fixtures.dir("convert").resolve("hf_sharded");
    Converter.Outcome o = Converter.convert(in, tmp, defaults());
    assertThat(files()).containsExactly("model-00001-of-00002.safetensors",
        "model-00002-of-00002.safetensors", "model.safetensors.index.json");
    assertThat(o.outputs()).hasSize(3);
    var expected = SafetensorsCheck.expected(in.resolveSibling("hf_sharded.expected.json"));
    @SuppressWarnings("unchecked")
    Map<String, Object> index = (Map<String, Object>) dev.modelgate.json.Json.parse(
        Files.readAllBytes(tmp.resolve("model.safetensors.index.json")));
    @SuppressWarnings("unchecked")
    Map<String, Object> weightMap = (Map<String, Object>) index.get("weight_map");
    long total = 0;
    for (var e : expected.entrySet()) {
      assertThat(weightMap.get(e.getKey())).isEqualTo(e.getValue().get("shard"));
    }
    for (String shard : List.of("model-00001-of-00002.safetensors",
        "model-00002-of-00002.safetensors")) {
      SafetensorsCheck.Read r = SafetensorsCheck.read(tmp.resolve(shard));
      for (var e : r.sha256().entrySet()) {
        assertThat(e.getValue()).isEqualTo(expected.get(e.getKey()).get("sha256"));
        assertThat(weightMap.get(e.getKey())).isEqualTo(shard);
      }
      total += Files.size(tmp.resolve(shard)) - 8 - headerLength(tmp.resolve(shard));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> meta = (Map<String, Object>) index.get("metadata");
    assertThat(((Number) meta.get("total_size")).longValue()).isEqualTo(total);
  }

  @Test
  void singleFileFolderBecomesModelSafetensors() throws Exception {
    Converter.convert(Fixtures.dir("convert").resolve("hf_single"), tmp, defaults());
    assertThat(files()).containsExactly("model.safetensors");
  }

  @Test
  void aFailingShardLeavesNoOutput() throws Exception {
    Path in = tmp.resolve("in");
    Files.createDirectories(in);
    Path src = Fixtures.dir("convert").resolve("hf_sharded");
    try (Stream<Path> s = Files.list(src)) {
      for (Path p : s.toList()) {
        Files.copy(p, in.resolve(p.getFileName()));
      }
    }
    // the second shard is cut short: the scan calls it invalid, so nothing is written
    Path second = in.resolve("pytorch_model-00002-of-00002.bin");
    byte[] b = Files.readAllBytes(second);
    Files.write(second, java.util.Arrays.copyOf(b, b.length / 2));
    Path out = tmp.resolve("out");
    assertThatThrownBy(() -> Converter.convert(in, out, defaults()))
        .isInstanceOf(RefusedException.class);
    assertThat(out).doesNotExist();
  }

  @Test
  void indexMayNotNameFilesOutsideTheFolder() throws Exception {
    Path in = tmp.resolve("in");
    Files.createDirectories(in);
    Files.writeString(in.resolve("pytorch_model.bin.index.json"),
        "{\"weight_map\": {\"w\": \"../../etc/passwd\"}}");
    assertThatThrownBy(() -> Sharded.shards(in)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("plain file name");
  }

  @Test
  void shardNamesFollowHuggingFace() {
    assertThat(Sharded.outputName("pytorch_model-00001-of-00003.bin"))
        .isEqualTo("model-00001-of-00003.safetensors");
    assertThat(Sharded.outputName("pytorch_model.bin")).isEqualTo("model.safetensors");
    assertThat(Sharded.outputName("weights.pt")).isEqualTo("weights.safetensors");
  }

  private static long headerLength(Path p) throws Exception {
    byte[] b = new byte[8];
    try (var in = Files.newInputStream(p)) {
      in.readNBytes(b, 0, 8);
    }
    return java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
  }
}
