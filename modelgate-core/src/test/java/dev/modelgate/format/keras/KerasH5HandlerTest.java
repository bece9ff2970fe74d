package dev.modelgate.format.keras;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.rules.Finding;
import dev.modelgate.ScanResult;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KerasH5HandlerTest {

  @ParameterizedTest
  @CsvSource({
      // benign files saved by keras 3 / h5py
      "clean_mlp.h5,        keras-h5, CLEAN,     ''",
      "clean_cnn.h5,        keras-h5, CLEAN,     ''",
      "plain_latest.h5,     hdf5,     CLEAN,     ''",
      "userblock.h5,        hdf5,     CLEAN,     ''",
      "dense_clean.h5,      hdf5,     CLEAN,     ''",
      "keras2_clean.h5,     keras-h5, CLEAN,     ''",
      "vds_self.h5,         hdf5,     CLEAN,     ''",
      "vds_abs.h5,          hdf5,     MALICIOUS, hdf5.virtual-dataset",
      "vds_rel.h5,          hdf5,     INVALID,   hdf5.virtual-dataset",
      "vds_multi.h5,        hdf5,     SUSPICIOUS, hdf5.unreadable",
      // hostile ones
      "lambda.h5,           keras-h5, MALICIOUS, keras.lambda-code",
      "keras2_lambda.h5,    keras-h5, MALICIOUS, keras.lambda-code",
      "external_abs.h5,     keras-h5, MALICIOUS, hdf5.external-storage",
      "external_rel.h5,     hdf5,     INVALID,   hdf5.external-storage",
      "ext_link.h5,         hdf5,     MALICIOUS, hdf5.external-link",
      "shape_bomb.h5,       keras-h5, INVALID,   hdf5.shape-bomb",
      "truncated.h5,        keras-h5, INVALID,   hdf5.out-of-range",
      "attr_size.h5,        hdf5,     INVALID,   hdf5.attribute-size",
      "dense_hidden_external.h5, hdf5, MALICIOUS, hdf5.external-storage",
      "dense_lambda.h5,     keras-h5, MALICIOUS, keras.lambda-code",
      "duplicate_attr.h5,   keras-h5, INVALID,   hdf5.duplicate-attribute",
      "config_not_string.h5, keras-h5, SUSPICIOUS, keras.config-unreadable",
  })
  void verdicts(String file, String format, Verdict verdict, String rule) throws IOException {
    ScanResult r = KerasFixtures.scan(file).get(0);
    assertThat(r.format()).isEqualTo(format);
    assertThat(r.verdict()).isEqualTo(verdict);
    List<String> rules = r.findings().stream().map(Finding::rule).toList();
    if (rule.isEmpty()) {
      assertThat(rules).isEmpty();
    } else {
      assertThat(rules).contains(rule);
    }
  }

  @ParameterizedTest
  @CsvSource({"lambda.h5", "lambda.keras", "keras2_lambda.h5"})
  void lambdaEvidenceNamesWhatTheCodeReferences(String file) throws IOException {
    Finding f = KerasFixtures.scan(file).get(0).findings().stream()
        .filter(x -> x.rule().equals("keras.lambda-code")).findFirst().orElseThrow();
    assertThat(f.evidence()).contains("'<fixture>'").contains("'<lambda>'");
  }
}
