package dev.modelgate.format.tensorflow;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.format.protobuf.FuzzScan;

/** Jazzer target: any saved_model.pb / keras_metadata.pb gives findings, never a failure. */
class SavedModelFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void savedModel(byte[] data) {
    FuzzScan.scan(data, "saved_model.pb");
  }

  @FuzzTest(maxDuration = "15s")
  void kerasMetadata(byte[] data) {
    FuzzScan.scan(data, "keras_metadata.pb");
  }

  @FuzzTest(maxDuration = "15s")
  void frozenGraph(byte[] data) {
    FuzzScan.scan(data, "frozen_graph.pb");
  }

  @FuzzTest(maxDuration = "15s")
  void textSavedModel(byte[] data) {
    FuzzScan.scan(data, "saved_model.pbtxt");
  }
}
