package dev.modelgate.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.modelgate.server.testhub.GatewayHarness;
import dev.modelgate.server.testhub.LocalHub;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * First downloads of big files, sent while they arrive: only after the scan of the growing spool
 * judged them, and never complete unless the whole file matched its sha256.
 */
class StreamingTest {
  static final String FILE = "/big/model/resolve/main/model.safetensors";
  @TempDir
  Path dir;
  LocalHub hub;
  GatewayHarness g;
  byte[] big;

  @BeforeEach
  void start() throws Exception {
    Path root = dir.resolve("hubroot/big/model");
    Files.createDirectories(root);
    big = CrashTest.safetensors(8 << 20);
    Files.write(root.resolve("model.safetensors"), big);
    Files.createDirectories(dir.resolve("hubroot/acme"));
    Path evil = dir.resolve("hubroot/acme/evil-bin");
    Files.createDirectories(evil);
    Files.copy(GatewayHarness.HUB_ROOT.resolve("acme/evil-bin/pytorch_model.bin"),
        evil.resolve("pytorch_model.bin"));
    hub = new LocalHub(dir.resolve("hubroot"), 0);
    g = new GatewayHarness(hub, dir);
    Map<String, Object> cfg = g.baseConfig();
    cfg.put("limits", Map.of("stream_above_bytes", 0));
    g.start(cfg);
  }

  @AfterEach
  void stop() throws Exception {
    g.close();
    hub.close();
  }

  private long blobs() throws Exception {
    try (Stream<Path> s = Files.walk(dir.resolve("data/blobs"))) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void aBigFileIsSentWhileItArrivesAndStoredAfterwards() throws Exception {
    hub.stall("big/model/model.safetensors", 3 << 20);
    // the HEAD gets the verdict of the scan of the growing spool, and no body
    HttpResponse<byte[]> h = g.head(FILE);
    assertThat(h.statusCode()).isEqualTo(200);
    assertThat(h.headers().firstValue("X-Modelgate-Verdict")).contains("clean");
    assertThat(h.headers().firstValue("Content-Length")).contains(Integer.toString(big.length));
    HttpResponse<InputStream> r = g.stream(FILE);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Modelgate-Verdict")).contains("clean");
    InputStream in = r.body();
    byte[] first = in.readNBytes(2 << 20); // arrived before the upstream has sent it all
    assertThat(first).isEqualTo(Arrays.copyOf(big, 2 << 20));
    assertThat(blobs()).isZero();
    hub.release();
    byte[] rest = in.readAllBytes();
    byte[] all = new byte[first.length + rest.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(rest, 0, all, first.length, rest.length);
    assertThat(all).isEqualTo(big);
    HttpResponse<byte[]> again = g.get(FILE, "Range", "bytes=100-199");
    assertThat(again.statusCode()).isEqualTo(206);
    assertThat(again.body()).isEqualTo(Arrays.copyOfRange(big, 100, 200));
    assertThat(hub.hits("/lfs/")).isEqualTo(1);
    // stored once fsynced and renamed, which may finish after the client has it all
    for (int i = 0; i < 600 && blobs() == 0; i++) {
      Thread.sleep(100);
    }
    assertThat(blobs()).isEqualTo(1);
  }

  @Test
  void aResumeDuringTheTransferGetsTheExactRange() throws Exception {
    hub.stall("big/model/model.safetensors", 3 << 20);
    HttpResponse<InputStream> first = g.stream(FILE);
    first.body().readNBytes(1 << 20);
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
      hub.release();
    });
    t.start();
    HttpResponse<byte[]> r = g.get(FILE, "Range", "bytes=" + (5 << 20) + "-");
    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(r.body()).isEqualTo(Arrays.copyOfRange(big, 5 << 20, big.length));
    first.body().close();
    t.join();
  }

  @Test
  void aTamperedBigFileIsNeverDeliveredWhole() throws Exception {
    hub.tamper("big/model/model.safetensors");
    HttpResponse<InputStream> r = g.stream(FILE);
    if (r.statusCode() == 200) {
      // the scan passed on the header, but the sha256 at the end fails: the body is cut short
      Throwable cut = catchThrowable(() -> {
        byte[] got = r.body().readAllBytes();
        assertThat(got.length).isLessThan(big.length);
        throw new java.io.IOException("short body: " + got.length);
      });
      assertThat(cut).isInstanceOf(java.io.IOException.class);
    } else {
      assertThat(r.statusCode()).isEqualTo(403);
    }
    HttpResponse<byte[]> again = g.get(FILE);
    assertThat(again.statusCode()).isEqualTo(403);
    assertThat(again.headers().firstValue("X-Error-Message").orElseThrow())
        .contains("do not match");
    assertThat(blobs()).isZero();
  }

  @Test
  void aMaliciousFileIsStillRefusedWhenStreamingIsOn() throws Exception {
    HttpResponse<byte[]> r = g.get("/acme/evil-bin/resolve/main/pytorch_model.bin");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("X-Modelgate-Verdict")).contains("malicious");
  }
}
