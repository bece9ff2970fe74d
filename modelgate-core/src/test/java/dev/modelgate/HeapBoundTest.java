package dev.modelgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.format.pickle.PickleMemoryTest;
import dev.modelgate.rules.Finding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small hostile files scanned in a JVM with a 128 MiB heap: each ends in a named limit, none in
 * an OutOfMemoryError. A child JVM, because the test JVM's own heap is larger.
 */
class HeapBoundTest {
  @TempDir
  Path dir;

  /** Scans each argument and prints "path verdict rules..." per file. */
  public static void main(String[] args) throws IOException {
    Scanner s = new Scanner(ScanOptions.defaults());
    for (String a : args) {
      ScanResult r = s.scanFile(Path.of(a)).get(0);
      System.out.println(Path.of(a).getFileName() + " " + r.verdict().label() + " "
          + String.join(",", r.findings().stream().map(Finding::rule).toList()));
    }
  }

  private static byte[] ggufManyStrings(int count, int length) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    h.put("GGUF".getBytes(StandardCharsets.US_ASCII)).putInt(3).putLong(0).putLong(count);
    b.writeBytes(h.array());
    byte[] value = new byte[length];
    java.util.Arrays.fill(value, (byte) 'x');
    for (int k = 0; k < count; k++) {
      byte[] key = ("general.k" + k).getBytes(StandardCharsets.US_ASCII);
      ByteBuffer kv = ByteBuffer.allocate(8 + key.length + 4 + 8).order(ByteOrder.LITTLE_ENDIAN);
      kv.putLong(key.length).put(key).putInt(8).putLong(length);
      b.writeBytes(kv.array());
      b.writeBytes(value);
    }
    return b.toByteArray();
  }

  private static void safetensorsHugeShape(Path p, int dims) throws IOException {
    StringBuilder json = new StringBuilder(2 * dims + 80);
    json.append("{\"t\":{\"dtype\":\"F32\",\"shape\":[");
    for (int k = 0; k < dims; k++) {
      json.append(k == 0 ? "0" : ",0");
    }
    json.append("],\"data_offsets\":[0,0]}}");
    byte[] header = json.toString().getBytes(StandardCharsets.US_ASCII);
    try (OutputStream out = Files.newOutputStream(p)) {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length)
          .array());
      out.write(header);
    }
  }

  @Test
  void floodsEndInNamedLimitsWithA128MibHeap() throws Exception {
    Path memo = dir.resolve("memo.pkl");
    Files.write(memo, PickleMemoryTest.memoFlood());
    Path deep = dir.resolve("deep.pkl");
    Files.write(deep, PickleMemoryTest.deepList());
    Path gguf = dir.resolve("strings.gguf");
    Files.write(gguf, ggufManyStrings(48, 1 << 20));
    Path st = dir.resolve("shape.safetensors");
    safetensorsHugeShape(st, 10_000_000);

    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
        "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        HeapBoundTest.class.getName()));
    for (Path p : List.of(memo, deep, gguf, st)) {
      cmd.add(p.toString());
    }
    Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(proc.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(out).doesNotContain("OutOfMemoryError").doesNotContain("parser.failure");
    assertThat(proc.exitValue()).as(out).isZero();
    assertThat(out.lines()).as(out).hasSize(4).allSatisfy(line ->
        assertThat(line).contains(" invalid ").contains("limits.memory"));
  }
}
