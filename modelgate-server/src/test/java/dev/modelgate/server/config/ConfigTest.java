package dev.modelgate.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.rules.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  @TempDir
  Path dir;

  Config load(String json) throws Exception {
    Path f = Files.writeString(dir.resolve("c.json"), json);
    return Config.load(new Config.Flags(f, null, null, null, null), null);
  }

  @Test
  void defaultsFollowTheContract() throws Exception {
    Config c = Config.load(new Config.Flags(null, null, null, null, null), null);
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(8750);
    assertThat(c.data()).isEqualTo(Path.of("modelgate-data").toAbsolutePath());
    assertThat(c.upstream().toString()).isEqualTo("https://huggingface.co");
    assertThat(c.allowedHosts()).containsExactly("huggingface.co");
    assertThat(c.jdbcUrl()).startsWith("jdbc:sqlite:").endsWith("modelgate.db");
    RepoPolicy p = c.policy().forRepo("any/repo");
    assertThat(p.block()).containsExactlyInAnyOrder(Verdict.SUSPICIOUS, Verdict.INVALID,
        Verdict.MALICIOUS);
    assertThat(p.remoteCode()).isFalse();
    assertThat(p.signatures()).isNull();
  }

  @Test
  void flagsWinOverTheFile() throws Exception {
    Path f = Files.writeString(dir.resolve("c.json"), "{\"listen\": \"0.0.0.0:9000\", "
        + "\"upstream\": {\"url\": \"http://a.example/\"}}");
    Config c = Config.load(new Config.Flags(f, "127.0.0.1:0", dir.resolve("d"),
        "http://b.example:81", "jdbc:postgresql://db/mg"), "hf_x");
    assertThat(c.port()).isZero();
    assertThat(c.upstream().toString()).isEqualTo("http://b.example:81");
    assertThat(c.db()).isEqualTo("jdbc:postgresql://db/mg");
    assertThat(c.token().reveal()).isEqualTo("hf_x");
    assertThat(c.toString()).doesNotContain("hf_x");
  }

  @Test
  void rulesApplyInOrderAndAllowListsAddUp() throws Exception {
    Config c = load("""
        {"policy": {"allow": ["numpy.dtype"], "block": ["malicious", "invalid"],
          "repos": [
            {"match": "acme/*", "allow": ["sklearn.*"], "block": ["malicious"]},
            {"match": "acme/special", "remote_code": true, "block": ["suspicious", "malicious"]},
            {"match": "other", "allow": ["x.y"]}]}}
        """);
    RepoPolicy sp = c.policy().forRepo("acme/special");
    assertThat(sp.allow()).containsExactly("numpy.dtype", "sklearn.*");
    assertThat(sp.block()).containsExactlyInAnyOrder(Verdict.SUSPICIOUS, Verdict.MALICIOUS);
    assertThat(sp.remoteCode()).isTrue();
    assertThat(sp.rules()).containsExactly("default", "acme/*", "acme/special");
    RepoPolicy a = c.policy().forRepo("acme/m");
    assertThat(a.block()).containsExactly(Verdict.MALICIOUS);
    assertThat(a.remoteCode()).isFalse();
    assertThat(c.policy().forRepo("acmeish/m").allow()).containsExactly("numpy.dtype");
    assertThat(c.policy().forRepo("other").allow()).containsExactly("numpy.dtype", "x.y");
    assertThat(a.scanKey()).isNotEqualTo(c.policy().forRepo("zzz/m").scanKey());
  }

  @Test
  void mistakesAreNamed() {
    assertThatThrownBy(() -> load("{\"policy\": {\"repos\": [{\"match\": \"a/b/c\"}]}}"))
        .hasMessageContaining("policy.repos[0].match");
    assertThatThrownBy(() -> load("{\"policy\": {\"block\": [\"evil\"]}}"))
        .hasMessageContaining("unknown verdict");
    assertThatThrownBy(() -> load("{\"policy\": {\"allow\": [\"*\"]}}"))
        .hasMessageContaining("policy.allow");
    assertThatThrownBy(() -> load("{\"upstream\": {\"url\": \"ftp://x\"}}"))
        .hasMessageContaining("expected http(s)");
    assertThatThrownBy(() -> load("{\"upstream\": {\"allowed_hosts\": [\"a b\"]}}"))
        .hasMessageContaining("not a host name");
    assertThatThrownBy(() -> load("{\"access\": {\"proxy\": \"maybe\"}}"))
        .hasMessageContaining("\"open\" or \"token\"");
    assertThatThrownBy(() -> load("{\"db\": \"jdbc:mysql://x?password=hunter2\"}"))
        .hasMessageContaining("***").hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> load("{\"policy\": {\"signatures\": {}}}"))
        .hasMessageContaining("at least one of keys");
  }

  @Test
  void signatureKeysAreReadAtLoad() throws Exception {
    Files.copy(Path.of("src/test/resources/keys/signer-pub.pem"), dir.resolve("k.pem"));
    Config c = load("{\"policy\": {\"repos\": [{\"match\": \"acme/*\", \"signatures\": "
        + "{\"keys\": [\"k.pem\"]}}, {\"match\": \"acme/free\", \"signatures\": false}]}}");
    assertThat(c.policy().forRepo("acme/x").signatures().names()).containsExactly("key k.pem");
    assertThat(c.policy().forRepo("acme/free").signatures()).isNull();
    assertThat(c.allowedHosts()).isEqualTo(Set.of("huggingface.co"));
  }
}
