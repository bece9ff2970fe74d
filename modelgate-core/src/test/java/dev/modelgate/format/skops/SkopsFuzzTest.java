package dev.modelgate.format.skops;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.format.pickle.FuzzSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Jazzer target: a fuzzed schema.json inside a .skops zip beside one .npy member. */
class SkopsFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void schema(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bytes)) {
      z.putNextEntry(new ZipEntry("schema.json"));
      z.write(data);
      z.putNextEntry(new ZipEntry("1.npy"));
      z.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    }
    FuzzSupport.scan("fuzz.skops", bytes.toByteArray());
  }
}
