package dev.modelgate.convert;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.DescribedScan;
import dev.modelgate.ScanOptions;
import dev.modelgate.Scanner;
import dev.modelgate.io.BytesSource;
import dev.modelgate.io.Limits;
import dev.modelgate.policy.Policy;
import dev.modelgate.tensor.Tensor;
import dev.modelgate.tensor.TensorBytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Jazzer target: the fuzzer's bytes are the {@code data.pkl} of a fake torch zip whose storages
 * {@code data/0..3} exist. The scan describes it (whatever its verdict, so the extraction sees
 * hostile pickles too); taking its tensors either succeeds, with every view inside its storage,
 * or raises an {@link IOException}; copying a found tensor never fails otherwise.
 */
class TensorExtractionFuzzTest {
  private static final int COPY_LIMIT = 1 << 20;

  @FuzzTest(maxDuration = "30s")
  void extract(byte[] pickle) throws IOException {
    byte[] zip = fakeTorchZip(pickle);
    ScanOptions o = new ScanOptions(Policy.defaults(), Limits.DEFAULT, 0, false, null);
    try (DescribedScan scan = new Scanner(o).describe(new BytesSource(zip, "fuzz.pt"))) {
      TensorSet set;
      try {
        set = Extraction.of(scan.description().orElse(null), zip.length);
      } catch (IOException expected) {
        return; // malformed or unsupported input is reported, nothing else escapes
      }
      for (Tensor t : set.tensors()) {
        TensorBytes.checkBounds(t);
        if (t.byteLength() <= COPY_LIMIT) {
          Counter c = new Counter();
          TensorBytes.copy(t, c);
          if (c.n != t.byteLength()) {
            throw new AssertionError(t + ": copied " + c.n + " of " + t.byteLength());
          }
        }
      }
    }
  }

  static byte[] fakeTorchZip(byte[] pickle) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      stored(z, "archive/data.pkl", pickle);
      stored(z, "archive/byteorder", "little".getBytes());
      for (int k = 0; k < 4; k++) {
        byte[] data = new byte[64 << k];
        for (int i = 0; i < data.length; i++) {
          data[i] = (byte) (i * 31 + k);
        }
        stored(z, "archive/data/" + k, data);
      }
    }
    return out.toByteArray();
  }

  private static void stored(ZipOutputStream z, String name, byte[] data) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    e.setCrc(crc.getValue());
    z.putNextEntry(e);
    z.write(data);
    z.closeEntry();
  }

  private static final class Counter implements WritableByteChannel {
    long n;

    @Override
    public int write(ByteBuffer b) {
      int r = b.remaining();
      b.position(b.limit());
      n += r;
      return r;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }
}
