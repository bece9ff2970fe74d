package dev.modelgate.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.ScanOptions;
import dev.modelgate.ScanReport;
import dev.modelgate.ScanResult;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** hf:// repositories against a local Hub-shaped server: ranges, budgets, tokens, lying servers. */
class HubSnapshotTest {
  static final Path EXAMPLES = Path.of("..", "examples");
  static final int BIG = 4 << 20;

  LocalHub hub;

  /** A safetensors file with a 4 MiB tensor: a scan needs only its header. */
  static byte[] bigSafetensors() {
    String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[" + (BIG / 4) + "],\"data_offsets\":[0,"
        + BIG + "]}}";
    while ((header.length() + 8) % 8 != 0) {
      header += " ";
    }
    byte[] h = header.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + BIG).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    return b.array();
  }

  static Map<String, byte[]> files() throws IOException {
    Map<String, byte[]> m = new TreeMap<>();
    m.put("README.md", "# a model\n".getBytes(StandardCharsets.UTF_8));
    m.put("pytorch_model.bin", Files.readAllBytes(EXAMPLES.resolve("clean/tiny-cnn.pt")));
    m.put("model.safetensors", bigSafetensors());
    m.put("extra/evil.pkl", Files.readAllBytes(EXAMPLES.resolve("malicious/innocent-looking.pkl")));
    return m;
  }

  @BeforeEach
  void start() throws IOException {
    hub = new LocalHub().repo("org/model", files());
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  HubClient client(String token) {
    return new HubClient(hub.endpoint(), token, Duration.ofSeconds(30));
  }

  ScanReport scan(HubClient c, String ref) throws IOException {
    HubSnapshot s = HubSnapshot.open(c, HubRef.parse(ref), 1L << 30);
    Path folder = s.folder();
    try {
      ScanReport r = s.scan(ScanOptions.defaults());
      assertThat(folder).exists();
      return r;
    } finally {
      s.close();
      assertThat(folder).doesNotExist();
    }
  }

  static ScanResult result(ScanReport r, String suffix) {
    return r.results().stream().filter(x -> x.path().endsWith(suffix)).findFirst().orElseThrow();
  }

  @Test
  void scansByNameFetchingOnlyWhatTheReadersRead() throws Exception {
    ScanReport r = scan(client(null), "hf://org/model");
    String root = "hf://org/model@" + LocalHub.COMMIT;
    assertThat(r.results().get(0).path()).isEqualTo(root);
    assertThat(r.judgedFiles()).extracting(ScanResult::path).containsExactly(
        root + "/README.md", root + "/extra/evil.pkl", root + "/model.safetensors",
        root + "/pytorch_model.bin");
    assertThat(result(r, "/extra/evil.pkl").verdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(result(r, "/model.safetensors").verdict()).isEqualTo(Verdict.CLEAN);
    assertThat(r.worst()).isEqualTo(Verdict.MALICIOUS);
    // the big file's tensor data was never fetched; its digest is the Hub's
    long total = files().values().stream().mapToLong(b -> b.length).sum();
    assertThat(hub.served.get()).isLessThan(total / 4);
    assertThat(result(r, "/model.safetensors").sha256()).isEqualTo(LocalHub.sha256(bigSafetensors()));
    assertThat(result(r, "/README.md").sha256()).isEqualTo(LocalHub.sha256(files()
        .get("README.md")));
    assertThat(hub.requests).anyMatch(q -> q.contains("Range: ") || q.contains(" bytes="));
  }

  @Test
  void aServerWithoutRangesSendsWholeFiles() throws Exception {
    hub.ranges = false;
    ScanReport r = scan(client(null), "hf://org/model@main");
    assertThat(result(r, "/extra/evil.pkl").verdict()).isEqualTo(Verdict.MALICIOUS);
    assertThat(result(r, "/model.safetensors").sha256()).isEqualTo(LocalHub.sha256(bigSafetensors()));
  }

  @Test
  void bytesThatDoNotMatchTheListedDigestAreInvalid() throws Exception {
    hub.ranges = false;
    hub.corrupt = "model.safetensors";
    ScanReport r = scan(client(null), "hf://org/model");
    ScanResult f = result(r, "/model.safetensors");
    assertThat(f.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(f.findings()).anyMatch(x -> x.rule().equals(HubSnapshot.DIGEST_MISMATCH));
    assertThat(r.results().get(0).verdict()).isEqualTo(Verdict.MALICIOUS);
  }

  @Test
  void theTokenGoesToTheHubOnlyNeverToTheCdn() throws Exception {
    hub.token = "hf_secret";
    assertThatThrownBy(() -> scan(client(null), "hf://org/model"))
        .hasMessageContaining("access denied").hasMessageContaining("HF_TOKEN");
    ScanReport r = scan(client("hf_secret"), "hf://org/model");
    assertThat(r.worst()).isEqualTo(Verdict.MALICIOUS);
    assertThat(hub.tokenSeenOnCdn).isFalse();
    assertThat(hub.requests).anyMatch(q -> q.contains("/cdn/"));
  }

  @Test
  void downloadFetchesWholeFilesCheckedAgainstTheListing() throws Exception {
    try (HubSnapshot s = HubSnapshot.open(client(null), HubRef.parse("hf://org/model"), 1L << 30)) {
      Path model = s.download();
      assertThat(model.getFileName().toString()).isEqualTo("model");
      assertThat(Files.readAllBytes(model.resolve("model.safetensors")))
          .isEqualTo(bigSafetensors());
      assertThat(model.resolve("extra/evil.pkl")).exists();
    }
    hub.corrupt = "model.safetensors";
    try (HubSnapshot s = HubSnapshot.open(client(null), HubRef.parse("hf://org/model"), 1L << 30)) {
      assertThatThrownBy(s::download).hasMessageContaining("do not have the sha256");
    }
  }

  @Test
  void theBudgetBoundsWhatIsFetched() throws Exception {
    try (HubSnapshot s = HubSnapshot.open(client(null), HubRef.parse("hf://org/model"), 1000)) {
      assertThatThrownBy(s::download).hasMessageContaining("budget")
          .hasMessageContaining("--hf-max-bytes");
    }
  }

  @Test
  void unsafeListingsAndBadNamesAreRefused() throws Exception {
    for (String bad : new String[] {"../escape.pkl", "/abs.pkl", "a//b", "a/./b", "a\\\\b"}) {
      hub.extraPath = bad;
      assertThatThrownBy(() -> HubSnapshot.open(client(null), HubRef.parse("hf://org/model"), 1))
          .as(bad).hasMessageContaining("unsafe path");
    }
    hub.extraPath = null;
    assertThatThrownBy(() -> HubSnapshot.open(client(null), HubRef.parse("hf://org/nope"), 1))
        .hasMessageContaining("not found");
    assertThatThrownBy(() -> HubRef.parse("hf://just-a-name"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HubRef.parse("hf://org/../x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HubRef.parse("hf://org/m@..")).isInstanceOf(IllegalArgumentException.class);
    assertThat(HubRef.parse("hf://org/m@refs/pr/1").revision()).isEqualTo("refs/pr/1");
  }
}
