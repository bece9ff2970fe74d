package dev.modelgate.format.joblib;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.format.pickle.FuzzSupport;
import java.io.ByteArrayOutputStream;
import java.util.zip.DeflaterOutputStream;

/** Jazzer target: joblib dumps, as they are and zlib-compressed, never escape the handler. */
class JoblibFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void joblib(byte[] data) throws Exception {
    FuzzSupport.scan("fuzz.joblib", data);
    ByteArrayOutputStream z = new ByteArrayOutputStream();
    try (DeflaterOutputStream out = new DeflaterOutputStream(z)) {
      out.write(data);
    }
    FuzzSupport.scan("fuzz-zlib.joblib", z.toByteArray());
  }
}
