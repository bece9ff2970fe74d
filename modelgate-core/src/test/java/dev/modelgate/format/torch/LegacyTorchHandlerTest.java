package dev.modelgate.format.torch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.format.pickle.FuzzSupport;
import dev.modelgate.rules.Finding;
import dev.modelgate.ScanResult;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LegacyTorchHandlerTest {
  static byte[] legacy() throws IOException {
    return Files.readAllBytes(Path.of("src/test/resources/fixtures/pickle/torch_legacy.pt"));
  }

  static int indexOf(byte[] hay, byte[] needle) {
    for (int i = 0; i + needle.length <= hay.length; i++) {
      if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void benignLegacyCheckpointIsClean() throws IOException {
    ScanResult r = FuzzSupport.scan("a.pt", legacy()).get(0);
    assertThat(r.format()).isEqualTo("pytorch-legacy");
    assertThat(r.findings()).isEmpty();
  }

  @Test
  void storageCountBeyondTheFileIsInvalid() throws IOException {
    byte[] b = legacy();
    // the last storage: 4 int64 elements (i64 = arange(3) has 3; find the final count field)
    int last = b.length - 3 * 8 - 8;
    b[last + 6] = 0x7f;
    ScanResult r = FuzzSupport.scan("a.pt", b).get(0);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.findings()).extracting(Finding::rule).contains("pytorch-legacy.storage-size");
  }

  @Test
  void bytesAfterTheLastStorageAreSuspicious() throws IOException {
    byte[] b = Arrays.copyOf(legacy(), legacy().length + 4);
    ScanResult r = FuzzSupport.scan("a.pt", b).get(0);
    assertThat(r.findings()).extracting(Finding::rule).contains("pytorch-legacy.trailing-data");
  }

  @Test
  void wrongProtocolVersionIsInvalid() throws IOException {
    byte[] b = legacy();
    int at = indexOf(b, new byte[] {'M', (byte) 0xe9, 0x03, '.'});
    b[at + 1] = (byte) 0xea;
    ScanResult r = FuzzSupport.scan("a.pt", b).get(0);
    assertThat(r.findings()).extracting(Finding::rule).contains("pytorch-legacy.protocol");
  }

  @Test
  void truncatedMainPickleIsInvalid() throws IOException {
    byte[] b = Arrays.copyOf(legacy(), 200);
    ScanResult r = FuzzSupport.scan("a.pt", b).get(0);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
  }
}
