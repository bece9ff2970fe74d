package dev.modelgate.format.torch7;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.ScanResult;
import dev.modelgate.format.Fixtures;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Torch7HandlerTest {

  static ScanResult scan(String name) throws IOException {
    return Fixtures.scan(Fixtures.dir("formats-a/torch7").resolve(name));
  }

  @ParameterizedTest
  @CsvSource({
      "mlp.t7, CLEAN, ",
      "state_table.t7, CLEAN, ",
      "lua_function.t7, MALICIOUS, torch7.lua-function",
      "class_pipefile.t7, SUSPICIOUS, torch7.class",
      "class_custom.t7, SUSPICIOUS, torch7.class",
      "view_outside_storage.t7, INVALID, torch7.tensor-view",
      "offset_outside_storage.t7, INVALID, torch7.tensor-view",
      "table_size.t7, INVALID, torch7.table-size",
      "storage_size.t7, INVALID, torch7.storage-size",
      "deep_nesting.t7, INVALID, torch7.depth",
      "truncated.t7, INVALID, torch7.truncated"})
  void fixtures(String file, Verdict verdict, String rule) throws IOException {
    ScanResult r = scan(file);
    assertThat(r.format()).isEqualTo("torch7");
    assertThat(r.verdict()).as(r.findings().toString()).isEqualTo(verdict);
    if (rule != null) {
      assertThat(r.findings()).extracting(Finding::rule).containsExactly(rule);
    }
  }

  @Test
  void asciiFilesAreClaimedButNotAnalysed() throws IOException {
    ScanResult r = scan("ascii_tensor.t7");
    assertThat(r.format()).isEqualTo("torch7-ascii");
    assertThat(r.verdict()).isEqualTo(Verdict.SUSPICIOUS);
    assertThat(r.findings()).extracting(Finding::rule).containsExactly("torch7.ascii");
  }

  @Test
  void findingsNameTheClassAndTheBytecode() throws IOException {
    assertThat(scan("class_pipefile.t7").findings().get(0).evidence()).isEqualTo("torch.PipeFile");
    assertThat(scan("lua_function.t7").findings().get(0).evidence())
        .isEqualTo("bytecode header '\\x1bLJ\\x02'");
  }

  @Test
  void tensorAndModuleClassesAreKnown() {
    assertThat(T7Class.known("torch.CudaHalfTensor")).isTrue();
    assertThat(T7Class.known("nn.SpatialConvolution")).isTrue();
    assertThat(T7Class.known("torch.DiskFile")).isFalse();
    assertThat(T7Class.known("nn.")).isFalse();
    assertThat(T7Class.elementSize("torch.CudaStorage")).isEqualTo(4);
    assertThat(T7Class.elementSize("torch.LongStorage")).isEqualTo(8);
  }
}
