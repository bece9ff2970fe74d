package dev.modelgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Red team 6, point 6: nothing is signed when there is nothing to sign, {@code --signature}
 * does not destroy a file that is not a signature, and verify follows links inside the model only
 * with {@code --allow-symlinks} (the reference CLI's flag), whatever the signature recorded.
 */
class SigningRefusalsTest {
  static final Path KEYS = IntegrityCommandsTest.KEYS;
  static final String PRIVATE = KEYS.resolve("p256-pkcs8.pem").toString();
  static final String PUBLIC = KEYS.resolve("p256-pub.pem").toString();

  @TempDir
  Path tmp;

  private Path model() throws IOException {
    Path m = Files.createDirectories(tmp.resolve("model"));
    Files.writeString(m.resolve("config.json"), "{}");
    Files.write(m.resolve("weights.bin"), new byte[100]);
    return m;
  }

  @Test
  void anEmptyFolderIsNotSigned() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    MainTest.Run r = MainTest.run("sign", "key", "--private-key", PRIVATE, empty.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("nothing to sign");
    assertThat(empty).isEmptyDirectory();
    // a folder whose only files are ignored is empty too
    Files.createDirectories(empty.resolve(".git"));
    Files.writeString(empty.resolve(".git/HEAD"), "ref: x");
    assertThat(MainTest.run("sign", "key", "--private-key", PRIVATE, empty.toString()).code())
        .isEqualTo(2);
  }

  @Test
  void signatureFlagDoesNotOverwriteAModelFile() throws IOException {
    Path m = model();
    byte[] before = Files.readAllBytes(m.resolve("weights.bin"));
    MainTest.Run r = MainTest.run("sign", "key", "--private-key", PRIVATE, "--signature",
        m.resolve("weights.bin").toString(), m.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("not a signature bundle").contains("--force");
    assertThat(Files.readAllBytes(m.resolve("weights.bin"))).isEqualTo(before);
    assertThat(MainTest.run("sign", "key", "--private-key", PRIVATE, "--signature",
        m.resolve("config.json").toString(), "--force", m.toString()).code()).isZero();
  }

  @Test
  void anExistingSignatureIsReplacedAndFoldersNeverAre() throws IOException {
    Path m = model();
    String[] sign = {"sign", "key", "--private-key", PRIVATE, m.toString()};
    assertThat(MainTest.run(sign).code()).isZero();
    Files.writeString(m.resolve("config.json"), "{\"changed\": true}");
    MainTest.Run again = MainTest.run(sign);
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(MainTest.run("verify", "key", "--public-key", PUBLIC, m.toString()).code())
        .isZero();
    Path dirSig = Files.createDirectories(tmp.resolve("sig-dir"));
    MainTest.Run folder = MainTest.run("sign", "key", "--private-key", PRIVATE, "--force",
        "--signature", dirSig.toString(), m.toString());
    assertThat(folder.code()).isEqualTo(2);
    assertThat(folder.err()).contains("not a regular file");
  }

  @Test
  void verifyFollowsInFolderLinksOnlyWhenAllowed() throws IOException {
    Path m = model();
    Files.createSymbolicLink(m.resolve("alias.bin"), Path.of("weights.bin"));
    MainTest.Run signed = MainTest.run("sign", "key", "--private-key", PRIVATE,
        "--allow-symlinks", m.toString());
    assertThat(signed.code()).as(signed.err()).isZero();
    // the signature records allow_symlinks=true; verify still needs the flag
    MainTest.Run plain = MainTest.run("verify", "key", "--public-key", PUBLIC, m.toString());
    assertThat(plain.code()).isEqualTo(1);
    assertThat(plain.err()).contains("alias.bin").contains("symlink").contains("--allow-symlinks");
    MainTest.Run allowed = MainTest.run("verify", "key", "--public-key", PUBLIC,
        "--allow-symlinks", m.toString());
    assertThat(allowed.code()).as(allowed.err()).isZero();
    assertThat(MainTest.run("verify", "key", "--public-key", PUBLIC, "--allow_symlinks",
        m.toString()).code()).isZero();
  }

  @Test
  void aSpecialFileInTheModelIsRefusedWithoutBeingOpened() throws Exception {
    Path m = model();
    Path fifo = m.resolve("pipe.bin");
    org.assertj.core.api.Assumptions.assumeThat(
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    MainTest.Run hash = MainTest.run("hash", m.toString());
    assertThat(hash.code()).isEqualTo(2);
    assertThat(hash.err()).contains("pipe.bin").contains("FIFO");
    // a link to it is refused as well, not skipped
    Files.createSymbolicLink(m.resolve("to-fifo"), Path.of("pipe.bin"));
    MainTest.Run linked = MainTest.run("hash", "--allow-symlinks", "--ignore-paths",
        fifo.toString(), m.toString());
    assertThat(linked.code()).isEqualTo(2);
    assertThat(linked.err()).contains("to-fifo").contains("FIFO");
  }
}
