package dev.modelgate.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The upstream model_signing test vectors (v0.2.0 to v1.1.0) verify, and tampering fails. */
class OmsVectorsTest {
  @TempDir
  Path tmp;

  static Stream<Arguments> vectors() {
    List<Arguments> out = new ArrayList<>();
    for (String v : List.of("v0.3.1", "v1.0.0", "v1.0.1", "v1.1.0")) {
      out.add(Arguments.of(v + "-elliptic-key"));
      out.add(Arguments.of(v + "-sigstore"));
    }
    for (String v : List.of("v0.2.0", "v0.3.1", "v1.0.0", "v1.0.1", "v1.1.0")) {
      out.add(Arguments.of(v + "-certificate"));
    }
    return out.stream();
  }

  static BundleVerifier verifierFor(String vector) throws Exception {
    if (vector.endsWith("elliptic-key")) {
      return new PublicKeyVerifier(Keys.publicKey(Fixtures.text(Fixtures.VECTOR_KEYS.resolve("signing-key-pub.pem"))));
    }
    if (vector.endsWith("certificate")) {
      return new CertificateVerifier(Certificates.fromPem(Fixtures.text(Fixtures.VECTOR_KEYS.resolve("ca-cert.pem"))));
    }
    return new SigstoreVerifier(Fixtures.trustedRoot(), Fixtures.IDENTITY, Fixtures.ISSUER);
  }

  /** v0.3.1 and v1.0.0 elliptic-key vectors signed the single file signme-1, not the folder. */
  static Path modelOf(Path folder, String vector) {
    return vector.equals("v0.3.1-elliptic-key") || vector.equals("v1.0.0-elliptic-key")
        ? folder.resolve("signme-1") : folder;
  }

  ModelVerifier.Result verify(Path folder, String vector) throws Exception {
    Bundle b = Bundle.parse(Files.readAllBytes(folder.resolve("model.sig")));
    Path model = modelOf(folder, vector);
    List<String> ignore = IgnorePaths.resolve(model, List.of(folder.resolve("ignore-me")),
        folder.resolve("model.sig"), true);
    return new ModelVerifier(new ModelHasher(2)).verify(model, b, verifierFor(vector), ignore, false);
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void verifies(String vector) throws Exception {
    ModelVerifier.Result r = verify(Fixtures.VECTORS.resolve(vector), vector);
    assertThat(r.items()).isBetween(1, 2);
  }

  /** The vectors' README: every folder verifies as it is, single-file signatures included. */
  @ParameterizedTest
  @MethodSource("vectors")
  void verifiesEachFolderAsItIs(String vector) throws Exception {
    Path folder = Fixtures.VECTORS.resolve(vector);
    Bundle b = Bundle.parse(Files.readAllBytes(folder.resolve("model.sig")));
    List<String> ignore = IgnorePaths.resolve(folder, List.of(folder.resolve("ignore-me")),
        folder.resolve("model.sig"), true);
    assertThat(new ModelVerifier(new ModelHasher(2))
        .verify(folder, b, verifierFor(vector), ignore, false).items()).isBetween(1, 2);
  }

  @Test
  void aSingleFileSignatureCheckedAgainstItsFolderNamesTheFileAndRefusesExtras() throws Exception {
    Path folder = Fixtures.copy(Fixtures.VECTORS.resolve("v1.0.0-elliptic-key"), tmp.resolve("s"));
    Bundle b = Bundle.parse(Files.readAllBytes(folder.resolve("model.sig")));
    List<String> ignore = IgnorePaths.resolve(folder, List.of(), folder.resolve("model.sig"), true);
    ModelVerifier v = new ModelVerifier(new ModelHasher(2));
    BundleVerifier key = verifierFor("v1.0.0-elliptic-key");
    Files.write(folder.resolve("signme-1"), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> v.verify(folder, b, key, ignore, false))
        .isInstanceOf(IntegrityException.class).hasMessageContaining("changed: signme-1");
    Files.writeString(folder.resolve("second"), "x");
    assertThatThrownBy(() -> v.verify(folder, b, key, ignore, false))
        .isInstanceOf(IntegrityException.class).hasMessageContaining("holds 2 files");
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void flippingAnyByteOfAnySignedFileFails(String vector) throws Exception {
    Path folder = Fixtures.copy(Fixtures.VECTORS.resolve(vector), tmp.resolve(vector));
    boolean single = !modelOf(folder, vector).equals(folder);
    List<Path> signed;
    try (Stream<Path> s = Files.list(folder)) {
      signed = s.filter(p -> p.getFileName().toString().startsWith("signme-")).sorted().toList();
    }
    if (single) {
      signed = List.of(folder.resolve("signme-1"));
    }
    for (Path f : signed) {
      String name = single ? "." : f.getFileName().toString();
      byte[] orig = Files.readAllBytes(f);
      for (int i = 0; i < orig.length; i++) {
        byte[] bad = orig.clone();
        bad[i] ^= 0x01;
        Files.write(f, bad);
        assertThatThrownBy(() -> verify(folder, vector))
            .isInstanceOf(IntegrityException.class)
            .hasMessageContaining("changed: " + name);
      }
      Files.write(f, orig);
    }
    verify(folder, vector); // restored: valid again
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void tamperedPayloadFailsSignatureCheck(String vector) throws Exception {
    Path folder = Fixtures.copy(Fixtures.VECTORS.resolve(vector), tmp.resolve(vector));
    byte[] sig = Files.readAllBytes(folder.resolve("model.sig"));
    Bundle b = Bundle.parse(sig);
    byte[] payload = b.payload().clone();
    payload[payload.length / 2] ^= 0x20;
    Bundle forged = new Bundle(b.mediaType(), b.keyHint(), b.keyRawBytes(), b.certificates(), b.tlogEntries(),
        payload, b.payloadType(), b.signature());
    assertThatThrownBy(() -> verifierFor(vector).verify(forged)).isInstanceOf(IntegrityException.class);
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void extraFileFailsNamingIt(String vector) throws Exception {
    Path folder = Fixtures.copy(Fixtures.VECTORS.resolve(vector), tmp.resolve(vector));
    if (!modelOf(folder, vector).equals(folder)) {
      return;
    }
    Files.writeString(folder.resolve("planted.py"), "import os");
    assertThatThrownBy(() -> verify(folder, vector)).hasMessageContaining("not signed: planted.py");
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void missingFileFailsNamingIt(String vector) throws Exception {
    Path folder = Fixtures.copy(Fixtures.VECTORS.resolve(vector), tmp.resolve(vector));
    if (!modelOf(folder, vector).equals(folder)) {
      return;
    }
    Files.delete(folder.resolve("signme-2"));
    assertThatThrownBy(() -> verify(folder, vector)).hasMessageContaining("missing: signme-2");
  }
}
