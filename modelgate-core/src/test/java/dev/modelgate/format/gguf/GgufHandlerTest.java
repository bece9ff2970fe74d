package dev.modelgate.format.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.format.Fixtures;
import dev.modelgate.rules.Finding;
import dev.modelgate.ScanResult;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GgufHandlerTest {
  /** invalid_<name>.gguf -> the rule it must break. */
  private static final Map<String, String> RULES = Map.ofEntries(
      Map.entry("alignment", "gguf.alignment"), Map.entry("array_depth", "gguf.array-depth"),
      Map.entry("array_length", "gguf.array-length"), Map.entry("block_size", "gguf.tensor-dims"),
      Map.entry("dims_negative", "gguf.tensor-dims"), Map.entry("dims_overflow", "gguf.tensor-dims"),
      Map.entry("dims_zero", "gguf.tensor-dims"), Map.entry("duplicate_key", "gguf.duplicate-key"),
      Map.entry("duplicate_tensor", "gguf.duplicate-tensor"),
      Map.entry("key_length", "gguf.key-length"), Map.entry("kv_count", "gguf.kv-count"),
      Map.entry("misaligned_offset", "gguf.tensor-offset"), Map.entry("n_dims", "gguf.tensor-dims"),
      Map.entry("offset_out_of_range", "gguf.tensor-offset"),
      Map.entry("overlap", "gguf.tensor-overlap"), Map.entry("removed_type", "gguf.tensor-type"),
      Map.entry("string_length", "gguf.string-length"),
      Map.entry("tensor_count", "gguf.tensor-count"), Map.entry("tensor_name", "gguf.tensor-name"),
      Map.entry("truncated_data", "gguf.tensor-offset"),
      Map.entry("truncated_header", "gguf.tensor-count"),
      Map.entry("unknown_type", "gguf.tensor-type"), Map.entry("value_type", "gguf.value-type"),
      Map.entry("version_1", "gguf.version"),
      // Only the version is byte-swapped: read as big-endian, its counts are absurd.
      Map.entry("version_big_endian", "gguf.tensor-count"));

  static Stream<Path> clean() {
    return Fixtures.files("gguf", "clean_").stream();
  }

  static Stream<Path> invalid() {
    return Fixtures.files("gguf", "invalid_").stream();
  }

  static Stream<Path> malicious() {
    return Fixtures.files("gguf", "malicious_").stream();
  }

  @ParameterizedTest
  @MethodSource("clean")
  void realGgufFilesAreClean(Path file) throws IOException {
    ScanResult r = Fixtures.scan(file);
    assertThat(r.format()).isEqualTo("gguf");
    assertThat(r.findings()).isEmpty();
    assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void eachBrokenFieldIsNamed(Path file) throws IOException {
    String name = file.getFileName().toString().replaceAll("^invalid_|\\.gguf$", "");
    assertThat(RULES).containsKey(name);
    ScanResult r = Fixtures.scan(file);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.findings()).extracting(Finding::rule).containsExactly(RULES.get(name));
    assertThat(r.findings().get(0).location()).matches("@\\d+");
  }

  @ParameterizedTest
  @MethodSource("malicious")
  void chatTemplateInjectionIsMalicious(Path file) throws IOException {
    ScanResult r = Fixtures.scan(file);
    assertThat(r.verdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(r.findings()).allSatisfy(f -> {
      assertThat(f.rule()).isEqualTo("gguf.chat-template-injection");
      assertThat(f.evidence()).isNotEmpty().hasSizeLessThanOrEqualTo(200);
    });
  }

  @Test
  void payloadInNamedTemplateIsFoundAndNamed() throws IOException {
    ScanResult r = Fixtures.scan(Fixtures.dir("gguf").resolve("malicious_named_template.gguf"));
    assertThat(r.findings()).allSatisfy(f ->
        assertThat(f.message()).startsWith("tokenizer.chat_template.rag"));
    assertThat(r.findings().get(0).evidence()).contains("lipsum.__globals__");
  }

  @Test
  void unbalancedTemplateIsOnlySuspicious() throws IOException {
    ScanResult r = Fixtures.scan(Fixtures.dir("gguf").resolve("suspicious_template_syntax.gguf"));
    assertThat(r.verdict()).isEqualTo(Verdict.SUSPICIOUS);
    assertThat(r.findings()).extracting(Finding::rule)
        .containsExactly("gguf.chat-template-syntax");
  }

  @Test
  void corpusInvalidSamplesNameTheirFields() throws IOException {
    List<String> rules = List.of("invalid_tensor_count.gguf", "invalid_string_length.gguf",
        "invalid_dims_overflow.gguf").stream().map(f -> {
          try {
            return Fixtures.scan(Fixtures.dir("gguf").resolve(f)).findings().get(0).rule();
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }).toList();
    assertThat(rules).containsExactly("gguf.tensor-count", "gguf.string-length",
        "gguf.tensor-dims");
  }
}
