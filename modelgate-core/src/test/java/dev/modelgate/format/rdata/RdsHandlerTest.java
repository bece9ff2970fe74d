package dev.modelgate.format.rdata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.ScanOptions;
import dev.modelgate.ScanResult;
import dev.modelgate.Scanner;
import dev.modelgate.format.Fixtures;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RdsHandlerTest {

  /** The results of a fixture: the file's, then (for compressed ones) its member's. */
  static List<ScanResult> scan(String name) throws IOException {
    return new Scanner(ScanOptions.defaults())
        .scanFile(Fixtures.dir("formats-a/r").resolve(name));
  }

  /** The R stream's own result: the last one (the decompressed member when compressed). */
  static ScanResult stream(String name) throws IOException {
    List<ScanResult> rs = scan(name);
    return rs.get(rs.size() - 1);
  }

  @ParameterizedTest
  @CsvSource({
      "data_frame.rds, rds, CLEAN, ",
      "data_frame_ascii.rds, rds, CLEAN, ",
      "list_xz.rds, rds, CLEAN, ",
      "vector_bzip2.rds, rds, CLEAN, ",
      "vector_v2.rds, rds, CLEAN, ",
      "lm_model.rds, rds, CLEAN, ",
      "workspace.RData, rdata, CLEAN, ",
      "workspace_ascii.RData, rdata, CLEAN, ",
      "glm_model.rds, rds, SUSPICIOUS, r.closure",
      "closure_plain.rds, rds, SUSPICIOUS, r.closure",
      "toplevel_promise.rds, rds, MALICIOUS, r.promise",
      "env_promise.rds, rds, MALICIOUS, r.promise",
      "active_binding.rds, rds, MALICIOUS, r.active-binding",
      "closure_system.rds, rds, MALICIOUS, r.dangerous-call",
      "bytecode_system.rds, rds, MALICIOUS, r.dangerous-call",
      "formula_eval.rds, rds, MALICIOUS, r.dangerous-call",
      "call_do_call_string.rds, rds, MALICIOUS, r.dangerous-call",
      "persistent_ref.rds, rds, INVALID, r.persistent",
      "deep_list.rds, rds, INVALID, r.depth",
      "huge_vector.rds, rds, INVALID, r.length",
      "bad_reference.rds, rds, INVALID, r.reference",
      "unknown_type.rds, rds, INVALID, r.type",
      "truncated.rds, rds, INVALID, r.length"})
  void fixtures(String file, String format, Verdict verdict, String rule) throws IOException {
    ScanResult r = stream(file);
    assertThat(r.format()).isEqualTo(format);
    assertThat(r.verdict()).as(r.findings().toString()).isEqualTo(verdict);
    assertThat(scan(file).get(0).verdict()).isEqualTo(verdict);
    if (rule != null) {
      assertThat(r.findings()).extracting(Finding::rule).contains(rule);
    }
  }

  @Test
  void promiseFindingsNameTheCallTheyRun() throws IOException {
    ScanResult r = stream("toplevel_promise.rds");
    assertThat(r.findings()).extracting(Finding::rule)
        .containsExactlyInAnyOrder("r.promise", "r.dangerous-call");
    assertThat(r.findings()).filteredOn(f -> f.rule().equals("r.dangerous-call"))
        .extracting(Finding::evidence).containsExactly("system (process execution)");
    assertThat(stream("bytecode_system.rds").findings()).extracting(Finding::rule)
        .contains("r.bytecode", "r.closure");
  }

  @Test
  void aLazyConstantInAModelIsOnlyANote() throws IOException {
    // glm's family closures keep an unevaluated promise of link = "logit" in their frame
    ScanResult r = stream("glm_model.rds");
    assertThat(r.findings()).filteredOn(f -> f.rule().equals("r.promise"))
        .isNotEmpty().allMatch(f -> f.verdict() == Verdict.CLEAN);
    assertThat(r.findings()).noneMatch(f -> f.verdict() == Verdict.MALICIOUS);
  }

  @Test
  void plainCallsAndFormulasAreNotCode() throws IOException {
    assertThat(stream("lm_model.rds").findings()).noneMatch(f -> f.verdict() != Verdict.CLEAN);
  }
}
