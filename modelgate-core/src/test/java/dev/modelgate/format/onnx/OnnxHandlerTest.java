package dev.modelgate.format.onnx;

import static dev.modelgate.format.protobuf.Fixtures.rules;
import static dev.modelgate.format.protobuf.Fixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.ScanResult;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OnnxHandlerTest {

  @ParameterizedTest
  @ValueSource(strings = {"onnx/clean_mlp.onnx", "onnx/typed_data_subgraph.onnx",
      "onnx/local_function.onnx", "onnx/external_same_dir/model.onnx"})
  void benignModelsAreClean(String fixture) throws IOException {
    ScanResult r = scan(fixture);
    assertThat(r.format()).isEqualTo("onnx");
    assertThat(r.verdict()).as(r.findings().toString()).isEqualTo(Verdict.CLEAN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"onnx/external_traversal.onnx", "onnx/external_absolute.onnx",
      "onnx/external_url.onnx"})
  void externalDataOutsideTheFolderIsMalicious(String fixture) throws IOException {
    ScanResult r = scan(fixture);
    assertThat(r.verdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(rules(r)).containsExactly("onnx.external-data-traversal");
    assertThat(r.findings().get(0).evidence()).startsWith("location='");
  }

  @Test
  void externalDataThroughALinkLeavingTheFolderIsMalicious(@TempDir Path tmp) throws IOException {
    Path model = tmp.resolve("m");
    Files.createDirectories(model);
    Path outside = tmp.resolve("secret.bin");
    Files.write(outside, new byte[64]);
    Files.copy(Path.of("src/test/resources/fixtures/protobuf/onnx/external_same_dir/model.onnx"),
        model.resolve("model.onnx"));
    Files.createSymbolicLink(model.resolve("weights.bin"), outside);
    ScanResult r = new dev.modelgate.Scanner(dev.modelgate.ScanOptions.defaults())
        .scanFile(model.resolve("model.onnx")).get(0);
    assertThat(rules(r)).containsExactly("onnx.external-data-traversal");
  }

  @Test
  void externalDataMissingOrShortIsInvalid(@TempDir Path tmp) throws IOException {
    ScanResult shortFile = scan("onnx/external_short/model.onnx");
    assertThat(shortFile.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(rules(shortFile)).containsExactly("onnx.external-data");

    Files.copy(Path.of("src/test/resources/fixtures/protobuf/onnx/external_same_dir/model.onnx"),
        tmp.resolve("model.onnx"));
    ScanResult missing = new dev.modelgate.Scanner(dev.modelgate.ScanOptions.defaults())
        .scanFile(tmp.resolve("model.onnx")).get(0);
    assertThat(rules(missing)).containsExactly("onnx.external-data-missing");
  }

  @Test
  void customDomainIsSuspiciousButLocalFunctionsAreNot() throws IOException {
    ScanResult r = scan("onnx/custom_domain.onnx");
    assertThat(r.verdict()).isEqualTo(Verdict.SUSPICIOUS);
    assertThat(rules(r)).containsExactly("onnx.custom-op-domain");
    assertThat(r.findings().get(0).evidence()).isEqualTo("com.example.vision::FancyNorm");
    assertThat(scan("onnx/local_function.onnx").verdict()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void userCanAllowACustomDomain() throws IOException {
    dev.modelgate.ScanOptions o = dev.modelgate.ScanOptions.defaults();
    o = o.withPolicy(o.policy().allow(java.util.List.of("com.example.vision.*")));
    ScanResult r = new dev.modelgate.Scanner(o).scanFile(
        dev.modelgate.format.protobuf.Fixtures.path("onnx/custom_domain.onnx")).get(0);
    assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void badTensorHeadersAreInvalid() throws IOException {
    assertThat(rules(scan("onnx/dims_overflow.onnx"))).containsExactly("onnx.tensor-dims");
    assertThat(rules(scan("onnx/negative_dim.onnx"))).containsExactly("onnx.tensor-dims");
    assertThat(rules(scan("onnx/raw_data_short.onnx"))).containsExactly("onnx.tensor-data");
  }

  @Test
  void truncatedModelIsInvalidWithOffset() throws IOException {
    ScanResult r = scan("onnx/truncated.onnx");
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.findings().get(0).rule()).isEqualTo("onnx.malformed");
    assertThat(r.findings().get(0).location()).startsWith("truncated.onnx@");
  }

  @Test
  void doesNotClaimRandomOrOtherProtobufBytes() throws IOException {
    OnnxHandler h = new OnnxHandler();
    assertThat(h.detect(new dev.modelgate.spi.Sniff("x.bin", 4, new byte[] {1, 2, 3, 4})))
        .isFalse();
    // SavedModel: schema version 1 then a MetaGraphDef, no graph field 7
    byte[] savedModel = {0x08, 1, 0x12, 2, 0x0a, 0};
    assertThat(h.detect(new dev.modelgate.spi.Sniff("saved_model.pb", 6, savedModel))).isFalse();
    byte[] onnx = Files.readAllBytes(dev.modelgate.format.protobuf.Fixtures.path(
        "onnx/clean_mlp.onnx"));
    assertThat(h.detect(new dev.modelgate.spi.Sniff("renamed.bin", onnx.length, onnx))).isTrue();
  }
}
