package dev.modelgate.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.server.store.Database;
import dev.modelgate.server.testhub.GatewayHarness;
import dev.modelgate.server.testhub.LocalHub;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 during an upstream fetch and during a client's download, then a restart: nothing
 * partial or unscanned is ever served, the database matches the blobs, and the client resumes.
 * SIGTERM lets a request in flight finish and exits 0.
 */
class CrashTest {
  static final String FILE = "model.safetensors";
  @TempDir
  Path dir;
  LocalHub hub;
  byte[] big;

  @BeforeEach
  void start() throws Exception {
    Path root = dir.resolve("hubroot/big/model");
    Files.createDirectories(root);
    big = safetensors(48 << 20);
    Files.write(root.resolve(FILE), big);
    Files.writeString(root.resolve("config.json"), "{\"model_type\":\"big\"}\n");
    hub = new LocalHub(dir.resolve("hubroot"), 0);
  }

  @AfterEach
  void stop() throws Exception {
    hub.close();
  }

  /** A valid safetensors file of about {@code n} bytes: one F32 tensor of zeros. */
  static byte[] safetensors(int n) {
    int elems = n / 4;
    String h = "{\"w\":{\"dtype\":\"F32\",\"shape\":[" + elems + "],\"data_offsets\":[0,"
        + (elems * 4L) + "]}}";
    while ((h.length() + 8) % 8 != 0) {
      h += " ";
    }
    byte[] hb = h.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(8 + hb.length + elems * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(hb.length).put(hb);
    for (int i = 0; i < 1024; i++) {
      b.put(8 + hb.length + i * 4, (byte) i); // not all zeros: a truncated copy differs
    }
    return b.array();
  }

  private Map<String, Object> config() {
    Map<String, Object> c = new GatewayHarness(hub, dir).baseConfig();
    c.put("limits", Map.of("head_wait_seconds", 1, "shutdown_seconds", 60));
    return c;
  }

  private List<Path> files(String sub) throws Exception {
    Path p = dir.resolve("data").resolve(sub);
    if (!Files.exists(p)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(p)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  private static String sha256(Path p) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(1 << 20);
      while (ch.read(b.clear()) > 0) {
        md.update(b.flip());
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Every stored blob is named by its content and recorded; every record has its blob. */
  private void assertConsistent() throws Exception {
    List<Path> blobs = files("blobs");
    for (Path b : blobs) {
      assertThat(sha256(b)).isEqualTo(b.getFileName().toString());
    }
    try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("data/modelgate.db"))) {
      List<String> recorded = db.read(c -> {
        try (var st = c.createStatement(); var r = st.executeQuery("SELECT sha256 FROM blobs")) {
          List<String> out = new java.util.ArrayList<>();
          while (r.next()) {
            out.add(r.getString(1));
          }
          return out;
        }
      });
      assertThat(blobs.stream().map(p -> p.getFileName().toString()).toList())
          .containsAll(recorded);
    }
  }

  @Test
  void killedDuringAnUpstreamFetch() throws Exception {
    hub.stall("big/model/" + FILE, 5 << 20);
    try (ChildGateway gw = ChildGateway.start(dir, config())) {
      HttpClient client = HttpClient.newHttpClient();
      CompletableFuture<HttpResponse<byte[]>> pending = client.sendAsync(HttpRequest.newBuilder(
          URI.create(gw.url + "/big/model/resolve/main/" + FILE)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(hub.awaitStalled(120)).isTrue();
      assertThat(files("tmp")).singleElement().satisfies(p ->
          assertThat(p.getFileName().toString()).startsWith("fetch-"));
      assertThat(files("blobs")).isEmpty();
      gw.kill();
      assertThat(pending).failsWithin(Duration.ofSeconds(60));
    }
    hub.release();
    try (ChildGateway gw = ChildGateway.start(dir, config())) {
      assertThat(files("tmp")).as("the partial spool is gone").isEmpty();
      assertThat(files("blobs")).isEmpty();
      HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(gw.url + "/big/model/resolve/main/" + FILE)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(big);
    }
    assertConsistent();
  }

  @Test
  void killedDuringAClientDownloadAndResumed() throws Exception {
    int got;
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    try (ChildGateway gw = ChildGateway.start(dir, config())) {
      // the file is in the store first: this kill hits a download of a cached file
      assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gw.url
          + "/big/model/resolve/main/" + FILE)).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode()).isEqualTo(200);
      // a big first download reaches the client before its blob is fsynced and renamed
      for (int i = 0; i < 600 && files("blobs").isEmpty(); i++) {
        Thread.sleep(100);
      }
      assertThat(files("blobs")).hasSize(1);
      URI u = URI.create(gw.url);
      try (Socket s = new Socket(u.getHost(), u.getPort())) {
        s.setReceiveBufferSize(64 << 10);
        s.getOutputStream().write(("GET /big/model/resolve/main/" + FILE + " HTTP/1.1\r\nHost: x"
            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        String head = readHead(in);
        assertThat(head).startsWith("HTTP/1.1 200");
        first.write(in.readNBytes(3 << 20));
        gw.kill(); // mid-body: the client holds 3 MiB of 48
      }
    }
    got = first.size();
    assertThat(files("tmp")).isEmpty();
    try (ChildGateway gw = ChildGateway.start(dir, config())) {
      HttpResponse<byte[]> rest = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(gw.url + "/big/model/resolve/main/" + FILE)).header("Range", "bytes=" + got
          + "-").build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(rest.statusCode()).isEqualTo(206);
      first.write(rest.body());
      assertThat(first.toByteArray()).isEqualTo(big);
      int upstream = hub.hits("/lfs/");
      assertThat(upstream).as("served from the store, not fetched again").isEqualTo(1);
    }
    assertConsistent();
  }

  @Test
  void sigtermFinishesRequestsInFlightAndExitsZero() throws Exception {
    hub.stall("big/model/" + FILE, 1 << 20);
    ChildGateway gw = ChildGateway.start(dir, config());
    try {
      CompletableFuture<HttpResponse<byte[]>> pending = HttpClient.newHttpClient().sendAsync(
          HttpRequest.newBuilder(URI.create(gw.url + "/big/model/resolve/main/" + FILE)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(hub.awaitStalled(120)).isTrue();
      CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
        try {
          return gw.terminate();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      Thread.sleep(1000);
      assertThat(gw.process.isAlive()).as("still draining").isTrue();
      hub.release();
      assertThat(pending.get().statusCode()).isEqualTo(200);
      assertThat(pending.get().body()).isEqualTo(big);
      assertThat(exit.get()).isZero();
    } finally {
      gw.close();
    }
  }

  private static String readHead(InputStream in) throws Exception {
    StringBuilder b = new StringBuilder();
    while (!b.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      b.append((char) c);
    }
    return b.toString();
  }
}
