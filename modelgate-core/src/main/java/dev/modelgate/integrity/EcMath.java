package dev.modelgate.integrity;

import java.math.BigInteger;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;

/**
 * Affine point multiplication on the prime curves, only to derive a public key from a private
 * key file (the JDK offers no API for it). Runs once per signing on the signer's own key.
 */
final class EcMath {
  private EcMath() {}

  static ECPoint multiply(ECPoint g, BigInteger k, ECParameterSpec spec) {
    BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
    BigInteger a = spec.getCurve().getA();
    ECPoint r = ECPoint.POINT_INFINITY;
    ECPoint q = g;
    for (int i = k.bitLength() - 1; i >= 0; i--) {
      r = add(r, r, a, p);
      if (k.testBit(i)) {
        r = add(r, q, a, p);
      }
    }
    return r;
  }

  private static ECPoint add(ECPoint u, ECPoint v, BigInteger a, BigInteger p) {
    if (u.equals(ECPoint.POINT_INFINITY)) {
      return v;
    }
    if (v.equals(ECPoint.POINT_INFINITY)) {
      return u;
    }
    BigInteger x1 = u.getAffineX();
    BigInteger y1 = u.getAffineY();
    BigInteger x2 = v.getAffineX();
    BigInteger y2 = v.getAffineY();
    BigInteger lambda;
    if (x1.equals(x2)) {
      if (y1.add(y2).mod(p).signum() == 0) {
        return ECPoint.POINT_INFINITY;
      }
      lambda = x1.pow(2).multiply(BigInteger.valueOf(3)).add(a)
          .multiply(y1.shiftLeft(1).modInverse(p)).mod(p);
    } else {
      lambda = y2.subtract(y1).multiply(x2.subtract(x1).modInverse(p)).mod(p);
    }
    BigInteger x3 = lambda.pow(2).subtract(x1).subtract(x2).mod(p);
    BigInteger y3 = lambda.multiply(x1.subtract(x3)).subtract(y1).mod(p);
    return new ECPoint(x3, y3);
  }
}
