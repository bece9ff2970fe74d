package dev.modelgate.format.onnx;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.format.protobuf.FuzzScan;

/** Jazzer target: any bytes named .onnx give findings, never a parser failure. */
class OnnxFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void scan(byte[] data) {
    FuzzScan.scan(data, "model.onnx");
  }
}
