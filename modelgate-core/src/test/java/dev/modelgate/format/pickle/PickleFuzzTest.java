package dev.modelgate.format.pickle;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.io.BytesSource;
import java.io.IOException;

/** Jazzer target: any bytes run through the machine and the scanner without escaping errors. */
class PickleFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void machine(byte[] data) throws IOException {
    PickleDescription d = new PickleMachine(new BytesSource(data, "fuzz"), 0, "fuzz").run();
    if (d.result() != null) {
      Render.value(d.result());
    }
    for (PickleDescription.CallSite c : d.calls()) {
      c.text();
    }
    FuzzSupport.scan("fuzz.pkl", data);
  }
}
