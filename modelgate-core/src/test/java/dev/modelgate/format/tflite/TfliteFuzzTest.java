package dev.modelgate.format.tflite;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.format.protobuf.FuzzScan;

/** Jazzer target: any bytes with the TFL3 identifier give findings, never a parser failure. */
class TfliteFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void scan(byte[] data) {
    if (data.length >= 8) {
      data[4] = 'T';
      data[5] = 'F';
      data[6] = 'L';
      data[7] = '3';
    }
    FuzzScan.scan(data, "model.tflite");
  }
}
