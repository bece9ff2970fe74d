package dev.modelgate.format.safetensors;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.io.BytesSource;
import dev.modelgate.io.InvalidInputException;
import java.io.EOFException;

/** Jazzer target: any bytes either read as a safetensors header or raise InvalidInputException. */
class SafetensorsFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void read(byte[] data) throws Exception {
    try {
      SafetensorsFile f = SafetensorsFile.read(new BytesSource(data, "fuzz"));
      for (TensorEntry t : f.tensors()) {
        if (f.dataStart() + t.end() > data.length) {
          throw new AssertionError("tensor past the end was accepted: " + t);
        }
      }
    } catch (InvalidInputException | EOFException expected) {
      // malformed headers are reported, nothing else escapes
    }
  }

  @FuzzTest(maxDuration = "30s")
  void handler(byte[] data) {
    dev.modelgate.format.pickle.FuzzSupport.scan("fuzz.safetensors", data);
  }
}
