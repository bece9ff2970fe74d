package dev.modelgate.integrity;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import javax.crypto.KeyAgreement;

/**
 * The public point of an EC private key, for key files that do not carry it. The JDK has no API
 * for scalar multiplication, and a hand-written one over {@code BigInteger} leaks the private
 * scalar through timing. So the secret-dependent step is the JDK's own constant-time ECDH with
 * the generator as the peer ({@code k·G}, of which ECDH returns x); y is then recovered from the
 * curve equation, which involves only public values, and of the two roots the one that
 * verifies a signature made with the key is the public key.
 */
final class EcMath {
  private static final byte[] PROBE = "modelgate key pairing check".getBytes(StandardCharsets.UTF_8);

  private EcMath() {}

  static PublicKey publicKey(ECPrivateKey key) throws GeneralSecurityException {
    ECParameterSpec spec = key.getParams();
    KeyFactory kf = KeyFactory.getInstance("EC");
    PublicKey generator = kf.generatePublic(new ECPublicKeySpec(spec.getGenerator(), spec));
    KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
    ecdh.init(key);
    ecdh.doPhase(generator, true);
    BigInteger x = new BigInteger(1, ecdh.generateSecret());
    BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
    if (!p.testBit(0) || !p.testBit(1)) {
      throw new GeneralSecurityException("curve prime is not 3 mod 4");
    }
    BigInteger rhs = x.pow(3).add(spec.getCurve().getA().multiply(x))
        .add(spec.getCurve().getB()).mod(p);
    BigInteger y = rhs.modPow(p.add(BigInteger.ONE).shiftRight(2), p);
    if (!y.multiply(y).mod(p).equals(rhs)) {
      throw new GeneralSecurityException("ECDH result is not on the curve");
    }
    for (BigInteger root : new BigInteger[] {y, p.subtract(y)}) {
      PublicKey candidate = kf.generatePublic(new ECPublicKeySpec(new ECPoint(x, root), spec));
      if (pairs(key, candidate)) {
        return candidate;
      }
    }
    throw new GeneralSecurityException("no public point pairs with the private key");
  }

  /** True when {@code pub} verifies a signature made with {@code key}. */
  static boolean pairs(ECPrivateKey key, PublicKey pub) throws GeneralSecurityException {
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(key);
    s.update(PROBE);
    byte[] sig = s.sign();
    Signature v = Signature.getInstance("SHA256withECDSA");
    v.initVerify(pub);
    v.update(PROBE);
    return v.verify(sig);
  }
}
