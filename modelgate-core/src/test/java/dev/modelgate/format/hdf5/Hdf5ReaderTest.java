package dev.modelgate.format.hdf5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.format.hdf5.Hdf5File.Dataset;
import dev.modelgate.io.BytesSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class Hdf5ReaderTest {

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = Hdf5ReaderTest.class.getResourceAsStream("/fixtures/keras/" + name)) {
      return in.readAllBytes();
    }
  }

  static Hdf5File read(byte[] b) throws IOException {
    return Hdf5Reader.read(new BytesSource(b, "t.h5"), "t.h5", 1 << 20);
  }

  @Test
  void readsKerasAttributesAndWeightsFromLegacyH5() throws IOException {
    Hdf5File f = read(fixture("clean_mlp.h5"));
    assertThat(f.error()).isEmpty();
    assertThat(f.superblockVersion()).isZero();
    assertThat(f.rootAttributes()).containsKeys("model_config", "keras_version", "backend");
    assertThat(f.rootAttributes().get("model_config")).startsWith("{").contains("Sequential");
    assertThat(f.datasets()).extracting(Dataset::path)
        .anyMatch(p -> p.startsWith("/model_weights/") && p.endsWith("kernel"));
    for (Dataset d : f.datasets()) {
      assertThat(d.storedBytes()).isEqualTo(d.declaredBytes());
    }
  }

  @Test
  void readsLatestFormatWithLinkMessagesAndChunks() throws IOException {
    Hdf5File f = read(fixture("plain_latest.h5"));
    assertThat(f.error()).isEmpty();
    assertThat(f.superblockVersion()).isEqualTo(3);
    assertThat(f.rootAttributes()).containsEntry("note", "hello");
    assertThat(f.datasets()).extracting(Dataset::path).containsExactlyInAnyOrder("/c", "/g/h/d");
    Dataset d = f.datasets().stream().filter(x -> x.path().equals("/g/h/d")).findFirst()
        .orElseThrow();
    assertThat(d.dims()).containsExactly(2L, 3L);
    assertThat(d.layout()).isEqualTo("chunked");
    assertThat(d.declaredBytes()).isEqualTo(24);
  }

  @Test
  void readsDenseLinksAndAttributesFromTheFractalHeap() throws IOException {
    Hdf5File f = read(fixture("dense_clean.h5"));
    assertThat(f.error()).isEmpty();
    assertThat(f.unreadable()).isEmpty();
    assertThat(f.rootAttributes()).hasSize(12).containsEntry("attr11", "value 11");
    assertThat(f.datasets()).hasSize(40).extracting(Dataset::path).contains("/g/d00", "/g/d39");
  }

  @Test
  void denseEntriesItCannotDecodeAreReportedUnreadable() throws IOException {
    byte[] b = fixture("dense_clean.h5");
    int leaf = indexOf(b, "BTLF".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThat(leaf).isPositive();
    b[leaf + 6 + (b[leaf + 5] == 5 ? 4 : 0)] = 0x10; // first record's heap ID -> "huge object"
    Hdf5File f = read(b);
    assertThat(f.unreadable()).isNotEmpty();
    dev.modelgate.ScanResult r = new dev.modelgate.Scanner(
        dev.modelgate.ScanOptions.defaults()).scan(new BytesSource(b, "x.h5")).get(0);
    assertThat(r.findings()).extracting(dev.modelgate.rules.Finding::rule)
        .contains("hdf5.unreadable");
    assertThat(r.verdict()).isEqualTo(dev.modelgate.rules.Verdict.SUSPICIOUS);
  }

  private static int indexOf(byte[] b, byte[] what) {
    outer:
    for (int i = 0; i + what.length <= b.length; i++) {
      for (int j = 0; j < what.length; j++) {
        if (b[i + j] != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void findsSignatureAfterUserBlock() throws IOException {
    Hdf5File f = read(fixture("userblock.h5"));
    assertThat(f.error()).isEmpty();
    assertThat(f.datasets()).extracting(Dataset::path).containsExactly("/d");
    assertThat(Hdf5Reader.hasSignature(fixture("userblock.h5"))).isTrue();
    assertThat(Hdf5Reader.hasSignature(new byte[600])).isFalse();
  }

  @Test
  void reportsExternalStorageAndShapeBombFacts() throws IOException {
    Dataset ext = read(fixture("external_abs.h5")).datasets().get(0);
    assertThat(ext.externalFiles()).containsExactly(
        new Hdf5File.ExternalFile("/tmp/mg-fixture-external", 0, 4));
    Dataset bomb = read(fixture("shape_bomb.h5")).datasets().get(0);
    assertThat(bomb.declaredBytes()).isEqualTo(200_000L * 100_000L * 4);
    assertThat(bomb.storedBytes()).isZero();
  }

  @Test
  void everyTruncationIsAnErrorNotACrash() throws IOException {
    for (String name : List.of("clean_mlp.h5", "plain_latest.h5")) {
      byte[] b = fixture(name);
      for (int n = 0; n < b.length; n += 97) {
        Hdf5File f = read(Arrays.copyOf(b, n));
        assertThat(f).isNotNull();
      }
      assertThat(read(Arrays.copyOf(b, b.length / 2)).error()).isPresent();
    }
  }

  @Test
  void mutatedFixturesNeverEscapeAsExceptions() throws IOException {
    java.util.Random rnd = new java.util.Random(42);
    for (String name : List.of("clean_mlp.h5", "plain_latest.h5", "external_abs.h5")) {
      byte[] b = fixture(name);
      for (int k = 0; k < 1500; k++) {
        byte[] m = b.clone();
        for (int j = 1 + rnd.nextInt(8); j > 0; j--) {
          int at = rnd.nextInt(Math.min(m.length, 4096));
          m[at] = (byte) (rnd.nextBoolean() ? rnd.nextInt(256) : 0xff);
        }
        assertThat(read(m)).isNotNull(); // structural errors come back in error()
      }
    }
  }

  @Test
  void corruptedObjectHeaderIsAnError() throws IOException {
    // Overwrite the root object header (v2, after the 48-byte superblock) with junk.
    byte[] b = fixture("plain_latest.h5");
    Hdf5File ok = read(b);
    assertThat(ok.error()).isEmpty();
    byte[] garbage = b.clone();
    Arrays.fill(garbage, 48, Math.min(garbage.length, 400), (byte) 0x10);
    assertThat(read(garbage).error()).isPresent();
  }
}
