package dev.modelgate.format.keras;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.format.pickle.FuzzSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Jazzer targets for the Keras handlers: fuzzed config.json inside a .keras v3 zip, fuzzed bytes
 * named like a Keras JSON config, and fuzzed bytes behind the HDF5 signature named .h5.
 */
class KerasFlavourFuzzTest {
  private static final byte[] HDF5 = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

  @FuzzTest(maxDuration = "30s")
  void kerasV3(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bytes)) {
      z.putNextEntry(new ZipEntry("metadata.json"));
      z.write("{\"keras_version\": \"3.5.0\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      z.putNextEntry(new ZipEntry("config.json"));
      z.write(data);
      z.putNextEntry(new ZipEntry("model.weights.h5"));
      z.write(HDF5);
    }
    FuzzSupport.scan("fuzz.keras", bytes.toByteArray());
    FuzzSupport.scan("config.json", data);
  }

  @FuzzTest(maxDuration = "30s")
  void h5(byte[] data) {
    byte[] in = java.util.Arrays.copyOf(HDF5, HDF5.length + data.length);
    System.arraycopy(data, 0, in, HDF5.length, data.length);
    FuzzSupport.scan("fuzz.h5", in);
  }
}
