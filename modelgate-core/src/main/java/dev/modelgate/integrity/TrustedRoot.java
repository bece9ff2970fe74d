package dev.modelgate.integrity;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Sigstore {@code trusted_root.json}: the Rekor transparency logs' keys and the Fulcio
 * certificate authorities, each with its validity window. Supplied by the user; modelgate
 * never fetches it.
 */
public record TrustedRoot(List<Log> tlogs, List<Authority> certificateAuthorities) {
  /** A transparency log key, identified by its log id (SHA-256 of the key's DER). */
  public record Log(String logIdHex, PublicKey key, Instant start, Instant end) {}

  /** A Fulcio CA: certificates from intermediate to root. */
  public record Authority(List<X509Certificate> chain, Instant start, Instant end) {}

  public static TrustedRoot parse(byte[] json) throws IntegrityException {
    if (json.length > 16 << 20) {
      throw new IntegrityException("trusted root is too large");
    }
    Map<?, ?> root = Statement.map(Statement.json(json, "trusted root"), "trusted root");
    List<Log> logs = new ArrayList<>();
    if (root.get("tlogs") != null) {
      for (Object o : Statement.list(root.get("tlogs"), "tlogs")) {
        Map<?, ?> t = Statement.map(o, "tlogs[]");
        Map<?, ?> pk = Statement.map(t.get("publicKey"), "tlogs[].publicKey");
        byte[] der = Bundle.b64(pk.get("rawBytes"), "tlogs[].publicKey.rawBytes");
        byte[] id = Bundle.b64(Statement.map(t.get("logId"), "tlogs[].logId").get("keyId"), "tlogs[].logId.keyId");
        Instant[] window = window(pk.get("validFor"));
        logs.add(new Log(HexFormat.of().formatHex(id), key(der), window[0], window[1]));
      }
    }
    List<Authority> cas = new ArrayList<>();
    if (root.get("certificateAuthorities") != null) {
      for (Object o : Statement.list(root.get("certificateAuthorities"), "certificateAuthorities")) {
        Map<?, ?> ca = Statement.map(o, "certificateAuthorities[]");
        Map<?, ?> chain = Statement.map(ca.get("certChain"), "certificateAuthorities[].certChain");
        List<X509Certificate> certs = new ArrayList<>();
        for (Object c : Statement.list(chain.get("certificates"), "certChain.certificates")) {
          certs.add(Certificates.fromDer(Bundle.b64(Statement.map(c, "certificates[]").get("rawBytes"),
              "certificates[].rawBytes")));
        }
        if (certs.isEmpty()) {
          throw new IntegrityException("certificate authority with an empty chain");
        }
        Instant[] window = window(ca.get("validFor"));
        cas.add(new Authority(List.copyOf(certs), window[0], window[1]));
      }
    }
    if (logs.isEmpty() || cas.isEmpty()) {
      throw new IntegrityException("trusted root lists no transparency log or no certificate authority");
    }
    return new TrustedRoot(List.copyOf(logs), List.copyOf(cas));
  }

  /** Reads a log or CA key of any type the JDK knows (ECDSA, Ed25519, RSA). */
  static PublicKey key(byte[] der) throws IntegrityException {
    for (String alg : new String[] {"EC", "Ed25519", "RSA"}) {
      try {
        return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next key type
      }
    }
    throw new IntegrityException("unsupported transparency log key");
  }

  private static Instant[] window(@Nullable Object o) throws IntegrityException {
    Instant start = Instant.MIN;
    Instant end = Instant.MAX;
    if (o != null) {
      Map<?, ?> v = Statement.map(o, "validFor");
      try {
        if (v.get("start") != null) {
          start = Instant.parse(Statement.string(v.get("start"), "validFor.start"));
        }
        if (v.get("end") != null) {
          end = Instant.parse(Statement.string(v.get("end"), "validFor.end"));
        }
      } catch (java.time.format.DateTimeParseException e) {
        throw new IntegrityException("bad validFor time: " + e.getParsedString());
      }
    }
    return new Instant[] {start, end};
  }

  boolean within(Instant t, Instant start, Instant end) {
    return !t.isBefore(start) && !t.isAfter(end);
  }
}
