package dev.modelgate.server.config;

import dev.modelgate.integrity.BundleVerifier;
import dev.modelgate.integrity.CertificateVerifier;
import dev.modelgate.integrity.Certificates;
import dev.modelgate.integrity.IntegrityException;
import dev.modelgate.integrity.Keys;
import dev.modelgate.integrity.PublicKeyVerifier;
import dev.modelgate.integrity.SigstoreVerifier;
import dev.modelgate.integrity.TrustedRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Signatures a repository must carry: an OpenSSF Model Signing bundle ({@code model.sig} by
 * default) that one of the configured verifiers accepts. The keys, CA certificates and Sigstore
 * trust roots are read when the configuration loads, so a missing PEM file is a startup error.
 *
 * @param file the signature's path in the repository
 * @param names what each verifier checks, for messages ({@code key keys/team.pub.pem})
 * @param fingerprint sha256 of the keys, certificates and trust roots as read, so a check made
 *     with other keys under the same file names is not reused
 */
public record SignaturePolicy(String file, List<BundleVerifier> verifiers, List<String> names,
    List<String> ignorePaths, String fingerprint) {

  public SignaturePolicy {
    verifiers = List.copyOf(verifiers);
    names = List.copyOf(names);
    ignorePaths = List.copyOf(ignorePaths);
  }

  static SignaturePolicy parse(Obj o, Path base) throws ConfigException {
    o.allowOnly(Set.of("file", "keys", "certificates", "sigstore", "ignore_paths"));
    List<BundleVerifier> vs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    StringBuilder material = new StringBuilder();
    for (String k : o.strings("keys")) {
      try {
        String text = pem(o, "keys", base.resolve(k));
        material.append(text);
        vs.add(new PublicKeyVerifier(Keys.publicKey(text)));
        names.add("key " + k);
      } catch (IntegrityException e) {
        throw o.error("keys", k + ": " + e.getMessage());
      }
    }
    List<String> cas = o.strings("certificates");
    if (!cas.isEmpty()) {
      List<X509Certificate> trusted = new ArrayList<>();
      for (String c : cas) {
        try {
          String text = pem(o, "certificates", base.resolve(c));
          material.append(text);
          trusted.addAll(Certificates.fromPem(text));
        } catch (IntegrityException e) {
          throw o.error("certificates", c + ": " + e.getMessage());
        }
      }
      try {
        vs.add(new CertificateVerifier(trusted));
      } catch (IntegrityException e) {
        throw o.error("certificates", e.getMessage());
      }
      names.add("certificates " + String.join(", ", cas));
    }
    for (Obj s : o.objects("sigstore")) {
      s.allowOnly(Set.of("identity", "issuer", "trust_root"));
      String id = required(s, "identity");
      String issuer = required(s, "issuer");
      String root = required(s, "trust_root");
      try {
        byte[] rootBytes = Files.readAllBytes(base.resolve(root));
        material.append(new String(rootBytes, StandardCharsets.UTF_8)).append(id).append(issuer);
        TrustedRoot tr = TrustedRoot.parse(rootBytes);
        vs.add(new SigstoreVerifier(tr, id, issuer));
      } catch (IOException | IntegrityException e) {
        throw s.error("trust_root", root + ": " + e.getMessage());
      }
      names.add("sigstore identity " + id + " from " + issuer);
    }
    if (vs.isEmpty()) {
      throw o.fail("signatures need at least one of keys, certificates, sigstore");
    }
    String file = o.string("file", "model.sig");
    String fp;
    try {
      fp = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(material.toString().getBytes(StandardCharsets.UTF_8)), 0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return new SignaturePolicy(file, vs, names, o.strings("ignore_paths"), fp);
  }

  private static String required(Obj o, String key) throws ConfigException {
    String v = o.string(key, null);
    if (v == null || v.isBlank()) {
      throw o.error(key, "is required");
    }
    return v;
  }

  private static String pem(Obj o, String key, Path p) throws ConfigException {
    try {
      return Files.readString(p, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw o.error(key, p + ": cannot be read (" + e.getMessage() + ")");
    }
  }
}
