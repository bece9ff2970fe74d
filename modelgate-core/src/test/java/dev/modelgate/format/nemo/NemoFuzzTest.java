package dev.modelgate.format.nemo;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.format.protobuf.FuzzScan;

/** Jazzer target: any bytes as a .nemo file give findings, never a parser failure. */
class NemoFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void scan(byte[] data) {
    FuzzScan.scan(data, "model.nemo");
  }
}
