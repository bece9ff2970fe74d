package dev.modelgate.format.gguf;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.io.BytesSource;
import dev.modelgate.io.InvalidInputException;
import java.io.EOFException;

/** Jazzer target: any bytes either read as a GGUF header or raise InvalidInputException/EOF. */
class GgufFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void read(byte[] data) throws Exception {
    try {
      GgufFile f = GgufFile.read(new BytesSource(data, "fuzz"));
      if (f.dataStart() > data.length && !f.tensors().isEmpty()) {
        throw new AssertionError("data section past the end was accepted");
      }
    } catch (InvalidInputException | EOFException expected) {
      // malformed headers are reported, nothing else escapes
    }
  }

  @FuzzTest(maxDuration = "30s")
  void handler(byte[] data) {
    byte[] in = java.util.Arrays.copyOf(new byte[] {'G', 'G', 'U', 'F'}, 4 + data.length);
    System.arraycopy(data, 0, in, 4, data.length);
    dev.modelgate.format.pickle.FuzzSupport.scan("fuzz.gguf", in);
  }
}
