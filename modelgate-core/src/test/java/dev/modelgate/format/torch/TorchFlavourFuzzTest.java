package dev.modelgate.format.torch;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.format.pickle.FuzzSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Jazzer targets for the torch container flavours: the fuzzed bytes become the pickle and the
 * storage records of a well-formed torch zip / legacy torch tar, so the flavour code (not the
 * container parser) sees hostile content.
 */
class TorchFlavourFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void zipFlavour(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bytes)) {
      put(z, "archive/data.pkl", data);
      put(z, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
      put(z, "archive/data/0", new byte[16]);
      put(z, "archive/.data/serialization_id", "1234".getBytes(StandardCharsets.US_ASCII));
    }
    FuzzSupport.scan("fuzz.pt", bytes.toByteArray());
  }

  @FuzzTest(maxDuration = "30s")
  void tarFlavour(byte[] data) throws IOException {
    int cut = data.length / 2;
    byte[] pickle = java.util.Arrays.copyOfRange(data, 0, cut);
    byte[] records = java.util.Arrays.copyOfRange(data, cut, data.length);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(bytes)) {
      put(t, "sys_info", new byte[] {(byte) 0x80, 2, '}', 'q', 0, '.'});
      put(t, "pickle", pickle);
      put(t, "storages", records);
      put(t, "tensors", records);
    }
    FuzzSupport.scan("fuzz.tar", bytes.toByteArray());
  }

  private static void put(ZipOutputStream z, String name, byte[] b) throws IOException {
    z.putNextEntry(new ZipEntry(name));
    z.write(b);
    z.closeEntry();
  }

  private static void put(TarArchiveOutputStream t, String name, byte[] b) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(b.length);
    t.putArchiveEntry(e);
    t.write(b);
    t.closeArchiveEntry();
  }
}
