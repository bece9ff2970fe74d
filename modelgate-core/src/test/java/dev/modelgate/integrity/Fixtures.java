package dev.modelgate.integrity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;

/** Paths and loaders for the committed integrity fixtures (see scripts/fixtures/integrity.sh). */
final class Fixtures {
  static final Path ROOT = Path.of("src/test/resources/fixtures/integrity");
  static final Path VECTORS = ROOT.resolve("oms-vectors");
  static final Path VECTOR_KEYS = VECTORS.resolve("keys/certificate");
  static final Path KEYS = ROOT.resolve("keys");
  static final String IDENTITY = "stefanb@us.ibm.com";
  static final String ISSUER = "https://sigstore.verify.ibm.com/oauth2";

  private Fixtures() {}

  static String text(Path p) {
    try {
      return Files.readString(p, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static PrivateKey privateKey(String name) throws IntegrityException {
    return Keys.privateKey(text(KEYS.resolve(name)));
  }

  static PublicKey publicKey(String name) throws IntegrityException {
    return Keys.publicKey(text(KEYS.resolve(name)));
  }

  static List<X509Certificate> certs(String name) throws IntegrityException {
    return Certificates.fromPem(text(KEYS.resolve(name)));
  }

  static TrustedRoot trustedRoot() throws IOException, IntegrityException {
    return TrustedRoot.parse(Files.readAllBytes(ROOT.resolve("trusted_root.json")));
  }

  /** Copies a folder (writable) so tests may tamper with it. */
  static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
          t.toFile().setWritable(true);
        }
      }
    }
    return to;
  }

  /** A small model: nested folders, an empty file, names that test the sort order. */
  static Path model(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("tokenizer"));
    Files.writeString(dir.resolve("tokenizer/vocab.txt"), "a\nb\nc\n");
    Files.writeString(dir.resolve("tokenizer.json"), "{\"v\":1}");
    Files.writeString(dir.resolve("config.json"), "{}");
    Files.write(dir.resolve("empty.bin"), new byte[0]);
    byte[] weights = new byte[10_000];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (byte) (i * 31);
    }
    Files.write(dir.resolve("model.safetensors"), weights);
    Files.createDirectories(dir.resolve(".git"));
    Files.writeString(dir.resolve(".git/HEAD"), "ref: refs/heads/main\n");
    return dir;
  }
}
