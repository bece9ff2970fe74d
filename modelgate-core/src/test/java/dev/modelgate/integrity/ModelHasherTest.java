package dev.modelgate.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelHasherTest {
  @TempDir
  Path tmp;

  static final List<String> DEFAULT_IGNORES = List.of(".git", ".gitattributes", ".github", ".gitignore", "model.sig");

  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  @Test
  void ordersPathsComponentWiseLikeTheReference() throws Exception {
    Path m = Fixtures.model(tmp.resolve("m"));
    Manifest man = new ModelHasher(2).hash(m, Serialization.files(DEFAULT_IGNORES), null);
    assertThat(man.items()).extracting(ManifestItem::name)
        .containsExactly("config.json", "empty.bin", "model.safetensors", "tokenizer/vocab.txt", "tokenizer.json");
    assertThat(man.modelName()).isEqualTo("m");
  }

  @Test
  void perFileDigestsAndRootDigestOverConcatenatedDigests() throws Exception {
    Path m = Fixtures.model(tmp.resolve("m"));
    Manifest man = new ModelHasher(4).hash(m, Serialization.files(DEFAULT_IGNORES), null);
    ManifestItem cfg = man.items().get(0);
    assertThat(cfg.digestHex()).isEqualTo(sha256("{}".getBytes(StandardCharsets.UTF_8)));
    assertThat(cfg.algorithm()).isEqualTo("sha256");
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (ManifestItem i : man.items()) {
      md.update(HexFormat.of().parseHex(i.digestHex()));
    }
    assertThat(man.rootDigest()).isEqualTo(HexFormat.of().formatHex(md.digest()));
  }

  @Test
  void rootDigestMatchesTheReferenceVector() throws Exception {
    Path v = Fixtures.VECTORS.resolve("v1.1.0-elliptic-key");
    Manifest man = new ModelHasher(1).hash(v,
        Serialization.files(List.of(".git", "model.sig", "ignore-me", ".gitattributes", ".gitignore", ".github")), null);
    assertThat(man.rootDigest()).isEqualTo("92745110b1ab4368471cbe31664e10174e954b113a3df333db860317b2c6dec4");
  }

  @Test
  void shardsNameByteRangesAndSkipEmptyFiles() throws Exception {
    Path m = Fixtures.model(tmp.resolve("m"));
    Manifest man = new ModelHasher(3).hash(m, Serialization.shards(4096, DEFAULT_IGNORES), null);
    assertThat(man.items()).extracting(ManifestItem::name).containsExactly(
        "config.json:0:2", "model.safetensors:0:4096", "model.safetensors:4096:8192",
        "model.safetensors:8192:10000", "tokenizer/vocab.txt:0:6", "tokenizer.json:0:7");
    assertThat(man.items()).allMatch(i -> i.algorithm().equals("sha256-sharded-4096"));
    byte[] all = Files.readAllBytes(m.resolve("model.safetensors"));
    assertThat(man.items().get(2).digestHex())
        .isEqualTo(sha256(java.util.Arrays.copyOfRange(all, 4096, 8192)));
  }

  @Test
  void shardsSortNumericallyNotTextually() throws Exception {
    Path m = tmp.resolve("m");
    Files.createDirectories(m);
    Files.write(m.resolve("w"), new byte[25]);
    Manifest man = new ModelHasher(2).hash(m, Serialization.shards(3, List.of()), null);
    assertThat(man.items().get(3).name()).isEqualTo("w:9:12");
    assertThat(man.items().get(8).name()).isEqualTo("w:24:25");
  }

  @Test
  void singleFileModelIsNamedDot() throws Exception {
    Path f = tmp.resolve("weights.bin");
    Files.writeString(f, "abcd");
    Manifest man = new ModelHasher(1).hash(f, Serialization.files(List.of()), null);
    assertThat(man.items()).containsExactly(new ManifestItem(".", "sha256",
        "88d4266fd4e6338d13b845fcf289579d209c897823b9217da3e161936f031589"));
    assertThat(man.modelName()).isEqualTo("weights.bin");
  }

  @Test
  void ignoredFoldersCoverTheirChildren() throws Exception {
    Path m = Fixtures.model(tmp.resolve("m"));
    Manifest man = new ModelHasher(1).hash(m, Serialization.files(List.of(".git", "tokenizer/")), null);
    assertThat(man.items()).extracting(ManifestItem::name)
        .containsExactly("config.json", "empty.bin", "model.safetensors", "tokenizer.json");
  }

  @Test
  void gitPathsAreSignedWhenNotIgnored() throws Exception {
    Path m = Fixtures.model(tmp.resolve("m"));
    Manifest man = new ModelHasher(1).hash(m, Serialization.files(List.of()), null);
    assertThat(man.items()).extracting(ManifestItem::name).contains(".git/HEAD");
  }

  @Test
  void symlinksAreRefusedByDefault() throws Exception {
    Path m = Fixtures.model(tmp.resolve("m"));
    Files.createSymbolicLink(m.resolve("link.json"), m.resolve("config.json"));
    assertThatThrownBy(() -> new ModelHasher(1).hash(m, Serialization.files(DEFAULT_IGNORES), null))
        .isInstanceOf(IntegrityException.class).hasMessageContaining("link.json").hasMessageContaining("symlink");
  }

  @Test
  void symlinksNeverLeaveTheModelEvenWhenAllowed() throws Exception {
    Path m = Fixtures.model(tmp.resolve("m"));
    Path outside = Files.writeString(tmp.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(m.resolve("inside.json"), m.resolve("config.json"));
    Serialization allow = new Serialization("files", "sha256", 0, true, DEFAULT_IGNORES);
    Manifest ok = new ModelHasher(1).hash(m, allow, null);
    assertThat(ok.items()).extracting(ManifestItem::name).contains("inside.json");
    Files.createSymbolicLink(m.resolve("escape.txt"), outside);
    assertThatThrownBy(() -> new ModelHasher(1).hash(m, allow, null))
        .hasMessageContaining("escape.txt").hasMessageContaining("outside the model");
  }

  @Test
  void unsafeNamesAreRejected() {
    for (String bad : List.of("../etc/passwd", "/etc/passwd", "a/../../b", "a//b", "a\\b", "")) {
      assertThatThrownBy(() -> ModelWalker.checkName(bad)).isInstanceOf(IntegrityException.class);
    }
  }

  @Test
  void pathOrderComparesCodePoints() {
    // U+FF61 sorts before U+1F600 by code point, after it by UTF-16 unit.
    assertThat(PathOrder.comparePaths("\uFF61", "\uD83D\uDE00")).isNegative();
    assertThat(PathOrder.comparePaths("a/b", "a.b")).isNegative();
    assertThat(PathOrder.comparePaths("a", "a/b")).isNegative();
  }

  @Test
  void rangesSpanningManyReadsAgree() throws Exception {
    Path f = tmp.resolve("big.bin");
    byte[] data = new byte[(4 << 20) + 12345];
    new java.util.Random(7).nextBytes(data);
    Files.write(f, data);
    assertThat(HexFormat.of().formatHex(ContentHasher.sha256(f, 0, data.length))).isEqualTo(sha256(data));
    assertThat(HexFormat.of().formatHex(ContentHasher.sha256(f, 100, 200)))
        .isEqualTo(sha256(java.util.Arrays.copyOfRange(data, 100, 200)));
    assertThat(HexFormat.of().formatHex(ContentHasher.sha256(f, 65535, 3 * 65536 + 7)))
        .isEqualTo(sha256(java.util.Arrays.copyOfRange(data, 65535, 3 * 65536 + 7)));
  }
}
