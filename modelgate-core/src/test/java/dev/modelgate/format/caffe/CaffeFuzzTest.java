package dev.modelgate.format.caffe;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.format.protobuf.FuzzScan;

/** Jazzer targets: any bytes as a caffemodel or prototxt give findings, never a failure. */
class CaffeFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void binary(byte[] data) {
    FuzzScan.scan(data, "model.caffemodel");
  }

  @FuzzTest(maxDuration = "30s")
  void text(byte[] data) {
    FuzzScan.scan(data, "deploy.prototxt");
  }
}
