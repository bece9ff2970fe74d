package dev.modelgate.integrity;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import org.jspecify.annotations.Nullable;

/** ECDSA over the DSSE PAE, with the reference's compatibility fallback for v0.2 signatures. */
final class Signatures {
  private Signatures() {}

  static byte[] sign(PrivateKey key, byte[] payload) throws IntegrityException {
    try {
      Signature s = Signature.getInstance(Keys.signatureAlgorithm(key));
      s.initSign(key);
      s.update(Dsse.pae(Dsse.IN_TOTO, payload));
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IntegrityException("signing failed: " + e.getMessage(), e);
    }
  }

  /**
   * True when {@code sig} is a signature by {@code key} over the PAE of the payload, or over the
   * v0.2 PAE ({@code compatAlgorithm}: the key's own hash for the key method, SHA-256 for
   * certificates, as v0.2 hard-coded it).
   */
  static boolean verify(PublicKey key, Bundle b, @Nullable String compatAlgorithm) throws IntegrityException {
    if (!Dsse.IN_TOTO.equals(b.payloadType())) {
      throw new IntegrityException("DSSE payloadType is " + b.payloadType() + ", expected " + Dsse.IN_TOTO);
    }
    String alg = Keys.signatureAlgorithm(key);
    return check(alg, key, Dsse.pae(b.payloadType(), b.payload()), b.signature())
        || check(compatAlgorithm == null ? alg : compatAlgorithm, key, Dsse.paeCompat(b.payload()), b.signature());
  }

  private static boolean check(String alg, PublicKey key, byte[] data, byte[] sig) {
    try {
      Signature s = Signature.getInstance(alg);
      s.initVerify(key);
      s.update(data);
      return s.verify(sig);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false; // malformed DER signatures are just invalid signatures
    }
  }
}
