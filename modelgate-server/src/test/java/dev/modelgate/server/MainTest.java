package dev.modelgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up errors are one line and exit 2; tokens are managed from the command line. */
class MainTest {
  @TempDir
  Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String... args) {
    out.reset();
    err.reset();
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aPortInUseIsAClearError() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int code = run("--listen", "127.0.0.1:" + s.getLocalPort(), "--data",
          dir.resolve("d").toString(), "--upstream", "http://127.0.0.1:9");
      assertThat(code).isEqualTo(2);
      assertThat(err()).contains("cannot listen on 127.0.0.1:" + s.getLocalPort())
          .contains("in use").doesNotContain("\tat ");
      assertThat(err().strip().lines().count()).isEqualTo(1);
    }
  }

  @Test
  void aDataFolderThatCannotBeUsedIsAClearError() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
    int code = run("--listen", "127.0.0.1:0", "--data", file.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err()).contains("data folder").contains("not-a-folder");
  }

  @Test
  void aBadConfigIsAClearError() throws Exception {
    Path cfg = Files.writeString(dir.resolve("c.json"), "{\"policy\": {\"remote_cod\": true}}");
    assertThat(run("--config", cfg.toString())).isEqualTo(2);
    assertThat(err()).contains("bad configuration").contains("unknown key policy.remote_cod");
    Files.writeString(cfg, "{\"limits\": {\"concurrent_scans\": 0}}");
    assertThat(run("--config", cfg.toString())).isEqualTo(2);
    assertThat(err()).contains("limits.concurrent_scans").contains("out of range");
    Files.writeString(cfg, "{\"policy\": {\"signatures\": {\"keys\": [\"missing.pem\"]}}}");
    assertThat(run("--config", cfg.toString())).isEqualTo(2);
    assertThat(err()).contains("policy.signatures.keys").contains("missing.pem");
    Files.writeString(cfg, "{not json");
    assertThat(run("--config", cfg.toString())).isEqualTo(2);
    assertThat(err()).contains("not valid JSON");
    assertThat(run("--listen", "nowhere")).isEqualTo(2);
    assertThat(err()).contains("HOST:PORT");
    assertThat(run("--bogus")).isEqualTo(2);
    assertThat(err()).contains("unknown option --bogus");
  }

  @Test
  void tokensAreCreatedListedAndRevoked() throws Exception {
    String data = dir.resolve("d").toString();
    assertThat(run("token", "create", "--role", "upload", "--name", "ci", "--data", data))
        .isZero();
    String secret = out.toString(StandardCharsets.UTF_8).strip();
    assertThat(secret).startsWith("mgt_").hasSizeGreaterThan(40);
    assertThat(err()).contains("created upload token \"ci\"").doesNotContain(secret);
    assertThat(run("token", "create", "--role", "boss", "--data", data)).isEqualTo(2);
    assertThat(err()).contains("unknown role");
    assertThat(run("token", "create", "--data", data)).isEqualTo(2);
    assertThat(run("token", "list", "--data", data)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("ci").contains("upload")
        .doesNotContain(secret);
    assertThat(run("token", "revoke", "ci", "--data", data)).isZero();
    assertThat(run("token", "revoke", "ci", "--data", data)).isEqualTo(1);
  }
}
