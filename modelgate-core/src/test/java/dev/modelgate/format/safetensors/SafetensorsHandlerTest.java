package dev.modelgate.format.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.format.Fixtures;
import dev.modelgate.rules.Finding;
import dev.modelgate.ScanResult;
import dev.modelgate.spi.Sniff;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SafetensorsHandlerTest {
  private static final Map<String, String> RULES = Map.ofEntries(
      Map.entry("dtype", "safetensors.dtype"), Map.entry("duplicate_key", "safetensors.json"),
      Map.entry("f4_odd", "safetensors.size-mismatch"), Map.entry("gap", "safetensors.gap"),
      Map.entry("header_length_huge", "safetensors.header-length"),
      Map.entry("header_length_past_eof", "safetensors.header-length"),
      Map.entry("json", "safetensors.json"),
      Map.entry("metadata_not_object", "safetensors.metadata"),
      Map.entry("metadata_value", "safetensors.metadata"),
      Map.entry("missing_field", "safetensors.tensor-info"),
      Map.entry("not_object", "safetensors.tensor-info"),
      Map.entry("offset_out_of_range", "safetensors.offsets"),
      Map.entry("overlap", "safetensors.overlap"),
      Map.entry("shape_negative", "safetensors.shape"),
      Map.entry("shape_overflow", "safetensors.shape"),
      Map.entry("size_mismatch", "safetensors.size-mismatch"),
      Map.entry("trailing_bytes", "safetensors.gap"),
      Map.entry("truncated", "safetensors.offsets"));

  static Stream<Path> clean() {
    return Fixtures.files("safetensors", "clean_").stream();
  }

  static Stream<Path> invalid() {
    return Fixtures.files("safetensors", "invalid_").stream();
  }

  @ParameterizedTest
  @MethodSource("clean")
  void filesWrittenBySafetensorsAreClean(Path file) throws IOException {
    ScanResult r = Fixtures.scan(file);
    assertThat(r.format()).isEqualTo("safetensors");
    assertThat(r.findings()).isEmpty();
    assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void eachViolationIsNamed(Path file) throws IOException {
    String name = file.getFileName().toString().replaceAll("^invalid_|\\.safetensors$", "");
    assertThat(RULES).containsKey(name);
    ScanResult r = Fixtures.scan(file);
    assertThat(r.format()).isEqualTo("safetensors");
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.findings()).extracting(Finding::rule).containsExactly(RULES.get(name));
  }

  @Test
  void detectionNeedsAJsonObjectAfterTheLength() throws IOException {
    SafetensorsHandler h = new SafetensorsHandler();
    byte[] good = Files.readAllBytes(Fixtures.dir("safetensors").resolve("clean_f32.safetensors"));
    assertThat(h.detect(new Sniff("x", good.length, good))).isTrue();
    byte[] pickle = {(byte) 0x80, 4, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0, '}', '.'};
    assertThat(h.detect(new Sniff("x", pickle.length, pickle))).isFalse();
    byte[] text = "{\"a\": 1, \"b\": 2}".getBytes();
    assertThat(h.detect(new Sniff("x", text.length, text))).isFalse();
  }
}
