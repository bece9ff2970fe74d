package dev.modelgate.format.executorch;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.format.protobuf.FuzzScan;

/** Jazzer target: any bytes as a .pte program give findings, never a parser failure. */
class ExecuTorchFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void scan(byte[] data) {
    FuzzScan.scan(data, "model.pte");
  }
}
