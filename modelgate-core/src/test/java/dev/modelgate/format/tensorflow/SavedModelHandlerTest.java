package dev.modelgate.format.tensorflow;

import static dev.modelgate.format.protobuf.Fixtures.rules;
import static dev.modelgate.format.protobuf.Fixtures.scan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.format.protobuf.PbWriter;
import dev.modelgate.ScanResult;
import dev.modelgate.spi.Sniff;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SavedModelHandlerTest {

  static PbWriter node(String name, String op, String... inputs) {
    PbWriter n = PbWriter.of().string(1, name).string(2, op);
    for (String in : inputs) {
      n.string(3, in);
    }
    return n;
  }

  /** NodeDef Const with a string tensor value. */
  static PbWriter stringConst(String name, String value) {
    PbWriter tensor = PbWriter.of().varint(1, 7).string(8, value);
    PbWriter attr = PbWriter.of().string(1, "value").message(2, PbWriter.of().message(8, tensor));
    return node(name, "Const").message(5, attr);
  }

  static PbWriter withAttr(PbWriter node, String key, String s) {
    return node.message(5, PbWriter.of().string(1, key).message(2, PbWriter.of().string(2, s)));
  }

  /** SavedModel { schema 1, meta_graphs { graph_def { nodes } [asset_file_def] } }. */
  static byte[] savedModel(PbWriter graph, PbWriter... assets) {
    PbWriter meta = PbWriter.of().message(2, graph);
    for (PbWriter a : assets) {
      meta.message(6, a);
    }
    return PbWriter.of().varint(1, 1).message(2, meta).toByteArray();
  }

  static ScanResult scanGraph(PbWriter graph, PbWriter... assets) throws IOException {
    return scan(savedModel(graph, assets), "saved_model.pb");
  }

  @ParameterizedTest
  @ValueSource(strings = {"tensorflow/clean_module/saved_model.pb",
      "tensorflow/asset_vocab/saved_model.pb", "tensorflow/print_to_stderr/saved_model.pb",
      "tensorflow/clean_module/fingerprint.pb", "tensorflow/keras_dense/keras_metadata.pb"})
  void realBenignSavedModelsAreClean(String fixture) throws IOException {
    ScanResult r = scan(fixture);
    assertThat(r.format()).startsWith("tf-");
    assertThat(r.verdict()).as(r.findings().toString()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void fileOpsAreMaliciousWithTheConstantPathAsEvidence() throws IOException {
    ScanResult w = scan("tensorflow/write_file/saved_model.pb");
    assertThat(w.verdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(rules(w)).containsExactly("tensorflow.file-op");
    assertThat(w.findings().get(0).evidence()).startsWith("WriteFile(filename='/tmp/mg-fixture'");
    assertThat(w.findings().get(0).location()).matches("saved_model\\.pb@\\d+");
    ScanResult r = scan("tensorflow/read_file/saved_model.pb");
    assertThat(r.findings().get(0).evidence()).isEqualTo("ReadFile(filename='/etc/hostname')");
    ScanResult p = scan("tensorflow/print_to_file/saved_model.pb");
    assertThat(rules(p)).containsExactly("tensorflow.file-op");
  }

  @Test
  void pythonCallbackIsMalicious() throws IOException {
    ScanResult r = scan("tensorflow/py_function/saved_model.pb");
    assertThat(rules(r)).containsExactly("tensorflow.python-callback");
  }

  @Test
  void unknownOpIsSuspicious() throws IOException {
    ScanResult r = scan("tensorflow/custom_op/saved_model.pb");
    assertThat(r.verdict()).isEqualTo(Verdict.SUSPICIOUS);
    assertThat(rules(r)).containsExactly("tensorflow.custom-op");
    assertThat(r.findings().get(0).evidence()).startsWith("MgFancyActivation(");
  }

  @Test
  void truncatedSavedModelIsInvalidNamingThePath() throws IOException {
    ScanResult r = scan("tensorflow/truncated/saved_model.pb");
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.findings().get(0).message()).startsWith("meta_graphs[0]");
    assertThat(scan(new byte[] {(byte) 0xff, 1, 2}, "saved_model.pb").verdict())
        .isEqualTo(Verdict.INVALID);
    assertThat(scan(new byte[0], "saved_model.pb").verdict()).isEqualTo(Verdict.INVALID);
  }

  @Test
  void kerasLambdaWithCodeIsMalicious() throws IOException {
    ScanResult r = scan("tensorflow/keras_lambda/keras_metadata.pb");
    assertThat(rules(r)).containsExactly("tensorflow.keras-metadata-lambda");
    assertThat(r.verdict()).isEqualTo(Verdict.MALICIOUS);
  }

  @Test
  void checkpointOpsAreFineWithAFedPathButNotAFixedOne() throws IOException {
    PbWriter fed = PbWriter.of()
        .message(1, node("saver_filename", "Placeholder"))
        .message(1, node("save", "SaveV2", "saver_filename", "names", "slices"));
    assertThat(scanGraph(fed).verdict()).isEqualTo(Verdict.CLEAN);
    PbWriter fixed = PbWriter.of()
        .message(1, stringConst("p", "/tmp/mg-fixture"))
        .message(1, node("save", "SaveV2", "p:0", "names", "slices"));
    ScanResult r = scanGraph(fixed);
    assertThat(rules(r)).containsExactly("tensorflow.file-op");
    assertThat(r.findings().get(0).evidence()).startsWith("SaveV2(prefix='/tmp/mg-fixture'");
  }

  @Test
  void tableFromAssetIsFineFromAFixedOutsidePathIsMalicious() throws IOException {
    PbWriter tf1 = PbWriter.of()
        .message(1, stringConst("asset_path", "/export/dir/vocab.txt"))
        .message(1, node("init", "InitializeTableFromTextFileV2", "table", "asset_path:0"));
    PbWriter asset = PbWriter.of().message(1, PbWriter.of().string(1, "asset_path:0"))
        .string(2, "vocab.txt");
    assertThat(scanGraph(tf1, asset).verdict()).isEqualTo(Verdict.CLEAN);
    ScanResult noAsset = scanGraph(tf1);
    assertThat(rules(noAsset)).containsExactly("tensorflow.file-op");
    PbWriter fed = PbWriter.of()
        .message(1, node("init", "InitializeTableFromTextFileV2", "table", "arg"));
    assertThat(rules(scanGraph(fed))).containsExactly("tensorflow.table-file");
    assertThat(scanGraph(fed, asset).verdict()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void assetNameLeavingTheFolderIsMalicious() throws IOException {
    PbWriter asset = PbWriter.of().string(2, "../../etc/passwd");
    ScanResult r = scanGraph(PbWriter.of().message(1, node("x", "NoOp")), asset);
    assertThat(rules(r)).containsExactly("tensorflow.asset-traversal");
  }

  @Test
  void attributeDrivenOps() throws IOException {
    PbWriter debug = PbWriter.of().message(1, withAttr(node("d", "DebugIdentity", "x"),
        "debug_urls", "grpc://evil:1234"));
    assertThat(rules(scanGraph(debug))).containsExactly("tensorflow.network-op");
    PbWriter debugLocal = PbWriter.of().message(1, node("d", "DebugIdentity", "x"));
    assertThat(scanGraph(debugLocal).verdict()).isEqualTo(Verdict.CLEAN);
    PbWriter cacheMem = PbWriter.of().message(1, stringConst("f", ""))
        .message(1, node("c", "CacheDatasetV2", "ds", "f", "r"));
    assertThat(scanGraph(cacheMem).verdict()).isEqualTo(Verdict.CLEAN);
    PbWriter cacheFile = PbWriter.of().message(1, stringConst("f", "/tmp/cache"))
        .message(1, node("c", "CacheDatasetV2", "ds", "f", "r"));
    assertThat(rules(scanGraph(cacheFile))).containsExactly("tensorflow.file-op");
    PbWriter rpc = PbWriter.of().message(1, node("r", "RpcClient", "addr"));
    assertThat(rules(scanGraph(rpc))).containsExactly("tensorflow.network-op");
  }

  @Test
  void functionCallsAreNotCustomOps() throws IOException {
    PbWriter fn = PbWriter.of().message(1, PbWriter.of().string(1, "my_fn"))
        .message(3, node("a", "Identity", "x"));
    PbWriter graph = PbWriter.of().message(1, node("call", "my_fn", "x"))
        .message(2, PbWriter.of().message(1, fn));
    assertThat(scanGraph(graph).verdict()).isEqualTo(Verdict.CLEAN);
  }

  @Test
  void detectsRenamedSavedModelButNotOtherProtobufs() throws IOException {
    SavedModelHandler h = new SavedModelHandler();
    byte[] real = Files.readAllBytes(dev.modelgate.format.protobuf.Fixtures.path(
        "tensorflow/clean_module/saved_model.pb"));
    assertThat(h.detect(new Sniff("model.bin", real.length, real))).isTrue();
    byte[] onnx = Files.readAllBytes(dev.modelgate.format.protobuf.Fixtures.path(
        "onnx/clean_mlp.onnx"));
    assertThat(h.detect(new Sniff("model.bin", onnx.length, onnx))).isFalse();
    assertThat(h.detect(new Sniff("x.bin", 5, "hello".getBytes()))).isFalse();
  }

  @Test
  void frozenGraphDefsAreScannedToo() throws IOException {
    ScanResult clean = scan("tensorflow/frozen_clean.pb");
    assertThat(clean.format()).isEqualTo("tf-graphdef");
    assertThat(clean.verdict()).isEqualTo(Verdict.CLEAN);
    ScanResult bad = scan("tensorflow/frozen_read_file.pb");
    assertThat(rules(bad)).containsExactly("tensorflow.file-op");
    assertThat(bad.findings().get(0).evidence()).isEqualTo("ReadFile(filename='/etc/hostname')");
    // a .pb that is not a GraphDef (here: a fingerprint-like message of varints) is not claimed
    byte[] other = PbWriter.of().varint(1, 5).varint(2, 7).toByteArray();
    assertThat(new SavedModelHandler().detect(new Sniff("other.pb", other.length, other)))
        .isFalse();
  }

  @Test
  void malformedFingerprintIsInvalid() throws IOException {
    byte[] bad = PbWriter.of().string(1, "not a varint").toByteArray();
    assertThat(scan(bad, "fingerprint.pb").verdict()).isEqualTo(Verdict.INVALID);
  }

  /** The JSON document {@code null} parses to a Java null; it once reached a deque and crashed. */
  @Test
  void kerasMetadataWhoseJsonIsNullIsReadNotACrash() throws IOException {
    PbWriter node = PbWriter.of().varint(2, 0).string(3, "root").string(4, "_tf_keras_model")
        .string(5, "null");
    ScanResult r = scan(PbWriter.of().message(1, node).toByteArray(), "keras_metadata.pb");
    assertThat(rules(r)).doesNotContain("parser.failure");
    assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
  }
}
