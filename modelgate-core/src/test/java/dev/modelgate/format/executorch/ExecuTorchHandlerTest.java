package dev.modelgate.format.executorch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.ScanResult;
import dev.modelgate.format.Fixtures;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExecuTorchHandlerTest {
  static ScanResult scan(String name) throws IOException {
    return Fixtures.scan(Fixtures.dir("formats-a/executorch").resolve(name));
  }

  @ParameterizedTest
  @CsvSource({
      "add.pte, CLEAN, ",
      "delegate_xnnpack.pte, CLEAN, executorch.delegate",
      "delegate_unknown.pte, SUSPICIOUS, executorch.delegate",
      "custom_op.pte, SUSPICIOUS, executorch.custom-op",
      "segment_outside.pte, INVALID, executorch.malformed",
      "bad_op_index.pte, INVALID, executorch.malformed",
      "bad_value_index.pte, INVALID, executorch.malformed",
      "negative_size.pte, INVALID, executorch.malformed",
      "bad_constant_index.pte, INVALID, executorch.malformed",
      "bad_root.pte, INVALID, executorch.malformed"})
  void fixtures(String file, Verdict verdict, String rule) throws IOException {
    ScanResult r = scan(file);
    assertThat(r.format()).isEqualTo("executorch");
    assertThat(r.verdict()).as(r.findings().toString()).isEqualTo(verdict);
    if (rule == null) {
      assertThat(r.findings()).isEmpty();
    } else {
      assertThat(r.findings()).extracting(Finding::rule).containsExactly(rule);
    }
  }

  @Test
  void indexErrorsNameThePathInTheProgram() throws IOException {
    assertThat(scan("bad_op_index.pte").findings().get(0).message()).isEqualTo(
        "execution_plan[0].chains[0].instructions[0].instr_args: op_index 7 is outside [0, 1)");
  }
}
