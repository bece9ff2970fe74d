package dev.modelgate.format.torch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.format.archive.Fixtures;
import dev.modelgate.rules.Finding;
import dev.modelgate.ScanResult;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class TorchTarFlavourTest {

  @Test
  void legacyCheckpointIsClean() throws IOException {
    ScanResult top = Fixtures.scan("torch_legacy.tar").get(0);
    assertThat(top.format()).isEqualTo("pytorch-tar");
    assertThat(top.findings()).isEmpty();
    assertThat(top.verdict()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void payloadInThePickleMemberIsMalicious() throws IOException {
    ScanResult top = Fixtures.scan("torch_legacy_malicious.tar").get(0);
    assertThat(top.verdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(top.findings()).filteredOn(f -> f.rule().equals("pickle.dangerous-call"))
        .extracting(Finding::location).allMatch(l -> l.startsWith("pickle@"));
  }

  @Test
  void storageLargerThanItsMemberIsInvalid() throws IOException {
    byte[] tar = Fixtures.bytes("torch_legacy.tar").clone();
    // The storages member: count pickle, header pickle ending in ".", then the int64 numel 2.
    int storages = indexOf(tar, "FloatStorage\n".getBytes()) + "FloatStorage\n".length() + 2;
    assertThat(ByteBuffer.wrap(tar, storages, 8).order(ByteOrder.LITTLE_ENDIAN).getLong())
        .isEqualTo(2);
    ByteBuffer.wrap(tar, storages, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40);
    ScanResult top = Fixtures.scan("torch_legacy.tar", tar).get(0);
    assertThat(top.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(top.findings()).extracting(Finding::rule).contains("torch.storage-size");
  }

  private static int indexOf(byte[] data, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= data.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (data[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
