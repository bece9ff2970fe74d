package dev.modelgate.format.torch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.format.archive.Fixtures;
import dev.modelgate.rules.Finding;
import dev.modelgate.ScanResult;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TorchZipFlavourTest {

  @ParameterizedTest
  @ValueSource(strings = {"torch_state_dict.pt", "torch_custom_top.pt"})
  void realCheckpointsAreClean(String file) throws IOException {
    List<ScanResult> r = Fixtures.scan(file);
    assertThat(r.get(0).format()).isEqualTo("pytorch-zip");
    assertThat(r.get(0).findings()).isEmpty();
    assertThat(r.get(0).verdict()).isEqualTo(Verdict.CLEAN);
    assertThat(r).hasSize(1); // tensor bytes and torch's own files are not scanned as members
  }

  @ParameterizedTest
  @ValueSource(strings = {"torch_malicious.pt", "torch_local_flag_bits.pt"})
  void injectedCallIsMaliciousEvenBehindAParserDifferential(String file) throws IOException {
    ScanResult top = Fixtures.scan(file).get(0);
    assertThat(top.verdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(top.findings()).filteredOn(f -> f.rule().equals("pickle.dangerous-call"))
        .first().satisfies(f -> {
          assertThat(f.location()).startsWith("archive/data.pkl@");
          assertThat(f.evidence()).contains("system").contains("touch /tmp/mg-fixture");
        });
  }

  @Test
  void localFlagBitsAloneAreSuspicious() throws IOException {
    ScanResult top = Fixtures.scan("torch_benign_local_flag_bits.pt").get(0);
    assertThat(top.verdict()).isEqualTo(Verdict.SUSPICIOUS);
    assertThat(top.findings()).extracting(Finding::rule).contains("zip.encryption-flag");
  }

  @Test
  void hiddenPickleBesideTheTensorsIsScanned() throws IOException {
    ScanResult top = Fixtures.scan("torch_hidden_pickle.pt").get(0);
    assertThat(top.verdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(top.findings()).extracting(Finding::location)
        .anyMatch(l -> l.startsWith("archive/extra/hook.pkl@"));
  }

  @Test
  void storageSmallerThanDeclaredIsInvalid() throws IOException {
    ScanResult top = Fixtures.scan("torch_short_storage.pt").get(0);
    assertThat(top.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(top.findings()).extracting(Finding::rule).containsExactly("torch.storage-size");
  }

  @Test
  void missingStorageIsInvalid() throws IOException {
    ScanResult top = Fixtures.scan("torch_missing_storage.pt").get(0);
    assertThat(top.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(top.findings()).extracting(Finding::rule).contains("torch.missing-storage");
  }

  @Test
  void torchScriptCodeIsAtLeastSuspicious() throws IOException {
    ScanResult top = Fixtures.scan("torchscript.pt").get(0);
    assertThat(top.format()).isEqualTo("pytorch-zip");
    assertThat(top.verdict()).isGreaterThanOrEqualTo(Verdict.SUSPICIOUS);
    assertThat(top.findings()).extracting(Finding::rule).contains("torch.torchscript-code");
  }

  @Test
  void storageKeysMustBePlainNames() {
    assertThat(TorchStorages.plainKey("0")).isTrue();
    assertThat(TorchStorages.plainKey("../code/x")).isFalse();
    assertThat(TorchStorages.plainKey("")).isFalse();
  }
}
