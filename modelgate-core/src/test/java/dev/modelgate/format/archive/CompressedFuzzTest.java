package dev.modelgate.format.archive;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.format.pickle.FuzzSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZOutputFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Jazzer targets for 7z and single-stream compression: raw bytes behind the 7z signature (the
 * header parser), and fuzzed members inside well-formed 7z/gzip/bz2/xz wrappers (member scans).
 */
class CompressedFuzzTest {
  private static final byte[] SEVEN_Z = {'7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C};

  @FuzzTest(maxDuration = "30s")
  void sevenZipHeader(byte[] data) {
    byte[] in = java.util.Arrays.copyOf(SEVEN_Z, SEVEN_Z.length + data.length);
    System.arraycopy(data, 0, in, SEVEN_Z.length, data.length);
    FuzzSupport.scan("fuzz.7z", in);
  }

  @FuzzTest(maxDuration = "30s")
  void wrapped(byte[] data) throws IOException {
    FuzzSupport.scan("fuzz.pkl.gz", wrap(new ByteArrayOutputStream(), data, "gz"));
    FuzzSupport.scan("fuzz.pkl.bz2", wrap(new ByteArrayOutputStream(), data, "bz2"));
    FuzzSupport.scan("fuzz.pkl.xz", wrap(new ByteArrayOutputStream(), data, "xz"));
    SeekableInMemoryByteChannel ch = new SeekableInMemoryByteChannel();
    try (SevenZOutputFile z = new SevenZOutputFile(ch)) {
      SevenZArchiveEntry e = new SevenZArchiveEntry();
      e.setName("data.pkl");
      e.setSize(data.length);
      z.putArchiveEntry(e);
      z.write(data);
      z.closeArchiveEntry();
    }
    FuzzSupport.scan("fuzz.7z", java.util.Arrays.copyOf(ch.array(), (int) ch.size()));
  }

  private static byte[] wrap(ByteArrayOutputStream bytes, byte[] data, String kind)
      throws IOException {
    try (OutputStream out = switch (kind) {
      case "gz" -> new GZIPOutputStream(bytes);
      case "bz2" -> new BZip2CompressorOutputStream(bytes);
      default -> new XZCompressorOutputStream(bytes);
    }) {
      out.write(data);
    }
    return bytes.toByteArray();
  }
}
