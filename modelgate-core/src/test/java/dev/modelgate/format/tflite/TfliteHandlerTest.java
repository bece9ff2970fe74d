package dev.modelgate.format.tflite;

import static dev.modelgate.format.protobuf.Fixtures.rules;
import static dev.modelgate.format.protobuf.Fixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.format.protobuf.Fixtures;
import dev.modelgate.ScanResult;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class TfliteHandlerTest {

  @Test
  void builtinModelIsClean() throws IOException {
    ScanResult r = scan("tflite/clean_dense.tflite");
    assertThat(r.format()).isEqualTo("tflite");
    assertThat(r.verdict()).as(r.findings().toString()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void harmlessFlexOpIsSuspicious() throws IOException {
    ScanResult r = scan("tflite/flex_as_string.tflite");
    assertThat(r.verdict()).isEqualTo(Verdict.SUSPICIOUS);
    assertThat(rules(r)).containsExactly("tflite.flex-op");
  }

  @Test
  void fileReadingFlexOpIsMalicious() throws IOException {
    ScanResult r = scan("tflite/flex_read_file.tflite");
    assertThat(r.verdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(rules(r)).containsExactly("tflite.flex-file-op");
    assertThat(r.findings().get(0).evidence()).isEqualTo("FlexReadFile");
  }

  @Test
  void aFlexOpIsJudgedByTheNodeDefItCarriesNotByItsName() throws Exception {
    ScanResult r = scan("tflite/flex_disguised_read_file.tflite");
    assertThat(r.verdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(rules(r)).containsExactlyInAnyOrder("tflite.flex-op", "tflite.flex-file-op");
    assertThat(rules(scan("tflite/flex_as_string.tflite"))).containsExactly("tflite.flex-op");
  }

  @Test
  void customOpIsSuspicious() throws IOException {
    assertThat(rules(scan("tflite/custom_op.tflite"))).containsExactly("tflite.custom-op");
  }

  @Test
  void badOffsetsAreInvalid() throws IOException {
    ScanResult root = scan("tflite/bad_root_offset.tflite");
    assertThat(root.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(root.findings().get(0).location()).isEqualTo("bad_root_offset.tflite@0");
    assertThat(scan("tflite/truncated.tflite").verdict()).isEqualTo(Verdict.INVALID);
  }

  @Test
  void everyCorruptedUint32IsHandled() throws IOException {
    // Overwrite each aligned word with a hostile value: never a crash, always a verdict.
    byte[] clean = Files.readAllBytes(Fixtures.path("tflite/clean_dense.tflite"));
    int invalid = 0;
    for (int k = 0; k + 4 <= clean.length; k += 4) {
      byte[] b = clean.clone();
      ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(k, 0x7ffffff0);
      if (k == 4) {
        continue; // the identifier: no longer TFLite
      }
      ScanResult r = scan(b, "m.tflite");
      assertThat(r.findings()).noneMatch(f -> f.rule().equals("parser.failure"));
      invalid += r.verdict() == Verdict.INVALID ? 1 : 0;
    }
    assertThat(invalid).isPositive();
  }
}
