package dev.modelgate.format.torch7;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.format.protobuf.FuzzScan;

/** Jazzer target: any bytes as a .t7 file give findings, never a parser failure. */
class Torch7FuzzTest {
  @FuzzTest(maxDuration = "30s")
  void scan(byte[] data) {
    FuzzScan.scan(data, "model.t7");
  }
}
