package dev.modelgate.format.rdata;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.format.protobuf.FuzzScan;

/** Jazzer target: any bytes as an R file give findings, never a parser failure. */
class RdsFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void scan(byte[] data) {
    FuzzScan.scan(data, "model.rds");
  }
}
