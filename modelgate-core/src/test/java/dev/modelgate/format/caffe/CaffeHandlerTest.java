package dev.modelgate.format.caffe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.ScanResult;
import dev.modelgate.format.Fixtures;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaffeHandlerTest {

  static ScanResult scan(String name) throws IOException {
    return Fixtures.scan(Fixtures.dir("formats-a/caffe").resolve(name));
  }

  @ParameterizedTest
  @CsvSource({
      "lenet.caffemodel, caffe, CLEAN, ",
      "v1_legacy.caffemodel, caffe, CLEAN, ",
      "deploy.prototxt, caffe-prototxt, CLEAN, ",
      "python_layer_custom.prototxt, caffe-prototxt, SUSPICIOUS, caffe.python-layer",
      "python_layer_os.prototxt, caffe-prototxt, MALICIOUS, caffe.python-dangerous",
      "python_layer_subprocess.caffemodel, caffe, MALICIOUS, caffe.python-dangerous",
      "python_layer_yaml_param.prototxt, caffe-prototxt, MALICIOUS, caffe.python-param-code",
      "hdf5_output.prototxt, caffe-prototxt, MALICIOUS, caffe.file-write",
      "blob_short.caffemodel, caffe, INVALID, caffe.blob-shape",
      "blob_negative_dim.caffemodel, caffe, INVALID, caffe.blob-shape",
      "blob_overflow.caffemodel, caffe, INVALID, caffe.blob-shape",
      "truncated.caffemodel, caffe, INVALID, caffe.malformed"})
  void fixtures(String file, String format, Verdict verdict, String rule) throws IOException {
    ScanResult r = scan(file);
    assertThat(r.format()).isEqualTo(format);
    assertThat(r.verdict()).as(r.findings().toString()).isEqualTo(verdict);
    if (rule != null) {
      assertThat(r.findings()).extracting(Finding::rule).contains(rule);
    }
  }

  @Test
  void dangerousModuleNamesTheModuleAndClass() throws IOException {
    Finding f = scan("python_layer_os.prototxt").findings().get(0);
    assertThat(f.evidence()).isEqualTo("module='os' layer='system'");
    assertThat(f.location()).startsWith("python_layer_os.prototxt@");
  }

  @Test
  void userAllowlistClearsACustomPythonLayerButNotADangerousOne() throws IOException {
    dev.modelgate.ScanOptions o = dev.modelgate.ScanOptions.defaults();
    o = o.withPolicy(o.policy().allow(java.util.List.of("rpn.*", "os.system")));
    dev.modelgate.Scanner s = new dev.modelgate.Scanner(o);
    assertThat(s.scanFile(Fixtures.dir("formats-a/caffe").resolve("python_layer_custom.prototxt"))
        .get(0).verdict()).isEqualTo(Verdict.CLEAN);
    assertThat(s.scanFile(Fixtures.dir("formats-a/caffe").resolve("python_layer_os.prototxt"))
        .get(0).verdict()).isEqualTo(Verdict.MALICIOUS);
  }

  @Test
  void brokenTextIsInvalidAndOtherTextIsNotClaimed() throws IOException {
    byte[] broken = "name: \"n\"\nlayer {\n  name: \"a\"\n  type: \"ReLU\"\n"
        .getBytes(StandardCharsets.UTF_8);
    ScanResult r = dev.modelgate.format.protobuf.Fixtures.scan(broken, "net.prototxt");
    assertThat(r.format()).isEqualTo("caffe-prototxt");
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.findings()).extracting(Finding::rule).containsExactly("caffe.text-syntax");
    byte[] solver = "net: \"train.prototxt\"\nbase_lr: 0.01\n".getBytes(StandardCharsets.UTF_8);
    assertThat(dev.modelgate.format.protobuf.Fixtures.scan(solver, "solver.prototxt").format())
        .isNotEqualTo("caffe-prototxt");
  }
}
