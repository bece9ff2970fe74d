package dev.modelgate.format.hdf5;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.io.BytesSource;
import java.io.IOException;

/**
 * Jazzer target: any bytes are either read or reported through {@link Hdf5File#error()}; no
 * runtime exception, stack overflow or out-of-memory escapes the reader.
 */
class Hdf5ReaderFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void read(byte[] data) throws IOException {
    Hdf5File f = Hdf5Reader.read(new BytesSource(data, "fuzz.h5"), "fuzz.h5", 1 << 16);
    if (f.datasets().size() > Hdf5Reader.MAX_OBJECTS) {
      throw new AssertionError("object limit not enforced");
    }
  }
}
