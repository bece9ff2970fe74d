package dev.modelgate.audit.python;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Jazzer target: any bytes as Python source give findings (maybe a parse error), never a throw. */
class PythonFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void audit(byte[] data) {
    new PythonAuditor().audit("fuzz.py", data, data.length % 2 == 0);
  }
}
