package dev.modelgate.format.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.ScanResult;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompressedHandlerTest {

  @ParameterizedTest
  @CsvSource({"benign.pkl.gz,gzip", "benign.pkl.bz2,bzip2", "benign.pkl.xz,xz",
      "benign.pkl.lzma,lzma", "benign.pkl.zst,zstd", "concat.pkl.gz,gzip"})
  void unwrapsOneMemberNamedAfterTheFile(String file, String format) throws IOException {
    List<ScanResult> r = Fixtures.scan(file);
    assertThat(r.get(0).format()).isEqualTo(format);
    assertThat(r).hasSize(2);
    assertThat(r.get(1).path()).isEqualTo(file + "!/" + file.substring(0, file.lastIndexOf('.')));
    assertThat(r.get(1).size()).isEqualTo(benignPickleSize());
  }

  private static long benignPickleSize() {
    return 50; // pickle.dumps({"lr": 0.1, "layers": [1, 2, 3]}, protocol=2)
  }

  @ParameterizedTest
  @CsvSource({"model.pkl.gz", "model.pkl.bz2", "model.pkl.xz", "model.pkl.lzma", "model.pkl.zst"})
  void payloadInsideTheWrapperIsFound(String file) throws IOException {
    List<ScanResult> r = Fixtures.scan(file);
    assertThat(r.get(0).verdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(r.get(1).format()).isEqualTo("pickle");
    assertThat(Fixtures.rules(r)).contains("pickle.dangerous-call");
  }

  @ParameterizedTest
  @CsvSource({"benign.pkl.gz", "benign.pkl.bz2", "benign.pkl.xz", "benign.pkl.lzma",
      "benign.pkl.zst"})
  void benignWrappedPickleIsClean(String file) throws IOException {
    assertThat(Fixtures.scan(file).get(0).verdict()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void concatenatedGzipMembersAreJoined() throws IOException {
    assertThat(Fixtures.scan("concat.pkl.gz").get(1).size()).isEqualTo(benignPickleSize());
  }

  @Test
  void gzipBombIsInvalid() throws IOException {
    List<ScanResult> r = Fixtures.scan("bomb.bin.gz");
    assertThat(r.get(0).verdict()).isEqualTo(Verdict.INVALID);
    assertThat(Fixtures.rules(r)).contains("limits.decompression-ratio");
  }

  @Test
  void truncatedStreamIsInvalid() throws IOException {
    List<ScanResult> r = Fixtures.scan("truncated.pkl.gz");
    assertThat(r.get(0).verdict()).isEqualTo(Verdict.INVALID);
    assertThat(Fixtures.rules(r)).contains("compressed.corrupt");
  }

  @Test
  void memberNames() {
    assertThat(CompressedHandler.memberName("dir/model.pkl.gz", Compression.GZIP))
        .isEqualTo("model.pkl");
    assertThat(CompressedHandler.memberName("a.zip!/x/weights.tgz", Compression.GZIP))
        .isEqualTo("weights.tar");
    assertThat(CompressedHandler.memberName("blob", Compression.ZSTD)).isEqualTo("blob.out");
  }
}
