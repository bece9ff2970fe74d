package dev.modelgate.format.paddle;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.format.protobuf.FuzzScan;

/** Jazzer target: any bytes as a .pdmodel give findings, never a parser failure. */
class PaddleFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void scan(byte[] data) {
    FuzzScan.scan(data, "inference.pdmodel");
  }
}
