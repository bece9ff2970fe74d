package dev.modelgate.format.joblib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.format.pickle.FuzzSupport;
import dev.modelgate.rules.Finding;
import dev.modelgate.ScanResult;
import dev.modelgate.rules.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;

class JoblibHandlerTest {
  static byte[] fixture(String name) throws IOException {
    return Files.readAllBytes(Path.of("src/test/resources/fixtures/pickle", name));
  }

  @Test
  void corruptZlibStreamIsInvalid() throws IOException {
    byte[] z = fixture("sklearn_logreg_zlib.joblib");
    byte[] cut = Arrays.copyOf(z, z.length - 40);
    for (int k = 200; k < cut.length; k++) {
      cut[k] ^= 0x5a;
    }
    ScanResult r = FuzzSupport.scan("a.joblib", cut).get(0);
    assertThat(r.format()).isEqualTo("joblib");
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.findings()).extracting(Finding::rule)
        .containsAnyOf("joblib.compression", "pickle.truncated", "pickle.malformed");
  }

  @Test
  void bz2DumpIsUnwrappedAndJudged() throws IOException {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    try (BZip2CompressorOutputStream bz = new BZip2CompressorOutputStream(o)) {
      bz.write(fixture("os_system_p2.pkl"));
    }
    // the archive package unwraps bz2; the inner dump comes back here
    assertThat(FuzzSupport.scan("a.joblib", o.toByteArray())).extracting(ScanResult::verdict)
        .contains(Verdict.MALICIOUS);
  }

  @Test
  void truncatedInlineArrayIsInvalid() throws IOException {
    byte[] b = fixture("sklearn_logreg.joblib");
    ScanResult r = FuzzSupport.scan("a.joblib", Arrays.copyOf(b, b.length - 30)).get(0);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
  }
}
