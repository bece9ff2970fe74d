package dev.modelgate.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.format.Fixtures;
import dev.modelgate.policy.Policy;
import dev.modelgate.tensor.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Converts every fixture that has an expected sidecar and compares every tensor's bytes. */
class ConvertFixturesTest {
  @TempDir
  Path tmp;

  static Stream<String> convertible() throws Exception {
    try (Stream<Path> s = Files.list(Fixtures.dir("convert"))) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".expected.json") && !n.startsWith("hf_"))
          .map(n -> n.substring(0, n.length() - ".expected.json".length()))
          .sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("convertible")
  void convertsBitExact(String name) throws Exception {
    Path in = Fixtures.dir("convert").resolve(name);
    Path out = tmp.resolve(name + ".safetensors");
    Converter.Outcome o = Converter.convert(in, out,
        new Converter.Options(Policy.defaults(), false, false));
    assertThat(o.outputs()).containsExactly(out);
    SafetensorsCheck.Read r = SafetensorsCheck.read(out);
    var expected = SafetensorsCheck.expected(in.resolveSibling(name + ".expected.json"));
    SafetensorsCheck.matches(r, expected);
    assertThat(r.header().get("__metadata__")).isEqualTo(
        Map.of("format", "pt", "source_sha256", SafetensorsCheck.sha256(in)));
    assertThat(o.tensors()).isEqualTo(expected.size());
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly(name + ".safetensors");
    }
  }

  @ParameterizedTest
  @MethodSource("convertible")
  void libraryReadsEachTensor(String name) throws Exception {
    Path in = Fixtures.dir("convert").resolve(name);
    var expected = SafetensorsCheck.expected(in.resolveSibling(name + ".expected.json"));
    try (Checkpoint c = Checkpoint.open(in)) {
      assertThat(c.tensors()).extracting(TensorInfo::name)
          .containsExactlyInAnyOrderElementsOf(expected.keySet());
      for (TensorInfo t : c.tensors()) {
        ByteBuffer b = c.read(t.name());
        assertThat(b.remaining()).isEqualTo((int) t.byteLength());
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        assertThat(SafetensorsCheck.sha256(bytes)).as(t.name())
            .isEqualTo(expected.get(t.name()).get("sha256"));
        assertThat(t.dtype().safetensorsName()).isEqualTo(expected.get(t.name()).get("dtype"));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("convertible")
  void inspectListsWhatConvertWrites(String name) throws Exception {
    Path in = Fixtures.dir("convert").resolve(name);
    var expected = SafetensorsCheck.expected(in.resolveSibling(name + ".expected.json"));
    Inspector.Listing l = Inspector.inspect(in);
    assertThat(l.rows()).extracting(Inspector.Row::name)
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
    Path out = tmp.resolve("o.safetensors");
    try (Checkpoint c = Checkpoint.open(in)) {
      c.writeSafetensors(out);
    }
    Inspector.Listing back = Inspector.inspect(out);
    assertThat(back.format()).isEqualTo("safetensors");
    assertThat(back.rows()).extracting(Inspector.Row::name)
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (Inspector.Row row : back.rows()) {
      assertThat(row.dtype()).isEqualTo(expected.get(row.name()).get("dtype"));
    }
  }

  @org.junit.jupiter.api.Test
  void formatsAreNamed() throws Exception {
    Map<String, String> formats = Map.of("all_dtypes.pt", "pytorch-zip",
        "legacy.pt", "pytorch-legacy", "legacy_tar.tar", "pytorch-tar",
        "c_order.npy", "numpy-npy", "arrays.npz", "numpy-npz");
    for (var e : formats.entrySet()) {
      try (Checkpoint c = Checkpoint.open(Fixtures.dir("convert").resolve(e.getKey()))) {
        assertThat(c.format()).as(e.getKey()).isEqualTo(e.getValue());
      }
    }
  }

  @org.junit.jupiter.api.Test
  void nonTensorValuesAreSkippedAndCounted() throws Exception {
    try (Checkpoint c = Checkpoint.open(Fixtures.dir("convert").resolve("training.pt"))) {
      assertThat(c.skipped()).isPositive();
      assertThat(c.tensors()).extracting(TensorInfo::name)
          .contains("model.head.weight", "model.emb.weight", "optimizer.state.0.exp_avg",
              "layers.0", "layers.1.w")
          .doesNotContain("epoch", "lr", "name");
    }
  }

  @org.junit.jupiter.api.Test
  void bareTensorIsNamedTensor() throws Exception {
    try (Checkpoint c = Checkpoint.open(Fixtures.dir("convert").resolve("bare.pt"))) {
      assertThat(c.tensors()).extracting(TensorInfo::name).containsExactly("tensor");
      assertThat(c.tensors().get(0).shape()).containsExactly(5L, 2L);
    }
  }

  @org.junit.jupiter.api.Test
  void readRefusesMissingNames() throws Exception {
    try (Checkpoint c = Checkpoint.open(Fixtures.dir("convert").resolve("bare.pt"))) {
      assertThatThrownBy(() -> c.read("nope")).isInstanceOf(java.util.NoSuchElementException.class);
    }
  }

}
