package dev.modelgate.integrity;

import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * PEM keys and certificates for the key and certificate methods: ECDSA on P-256, P-384 and
 * P-521 only (the curves the Sigstore specs name), each with the hash the reference pairs
 * with it.
 */
public final class Keys {
  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n([A-Za-z0-9+/=\\s:,-]*?)-----END \\1-----");
  private static final String EC_PUBLIC_KEY_OID = "1.2.840.10045.2.1";

  private Keys() {}

  /** One PEM block: its label and decoded body. */
  @SuppressWarnings("ArrayRecordComponent") // decoded once and parsed, never compared
  record Block(String label, byte[] der) {}

  static List<Block> blocks(String text) throws IntegrityException {
    List<Block> out = new ArrayList<>();
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      String body = m.group(2);
      if (body.contains("Proc-Type") || body.contains("DEK-Info")) {
        throw new IntegrityException("encrypted PEM keys are not supported");
      }
      try {
        out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(body)));
      } catch (IllegalArgumentException e) {
        throw new IntegrityException("bad base64 in PEM block " + m.group(1));
      }
    }
    return out;
  }

  /** Reads a PKCS#8 ({@code PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}) PEM private key. */
  public static PrivateKey privateKey(String pem) throws IntegrityException {
    for (Block b : blocks(pem)) {
      switch (b.label()) {
        case "PRIVATE KEY" -> {
          return checked(ecPrivate(b.der()));
        }
        case "EC PRIVATE KEY" -> {
          return checked(ecPrivate(sec1ToPkcs8(b.der())));
        }
        case "ENCRYPTED PRIVATE KEY" -> throw new IntegrityException("encrypted private keys are not supported");
        default -> { }
      }
    }
    throw new IntegrityException("no PRIVATE KEY or EC PRIVATE KEY block in the PEM text");
  }

  /** Reads a {@code PUBLIC KEY} (SubjectPublicKeyInfo) PEM. */
  public static PublicKey publicKey(String pem) throws IntegrityException {
    for (Block b : blocks(pem)) {
      if (b.label().equals("PUBLIC KEY")) {
        return publicKeyDer(b.der());
      }
    }
    throw new IntegrityException("no PUBLIC KEY block in the PEM text");
  }

  static PublicKey publicKeyDer(byte[] der) throws IntegrityException {
    try {
      return checked(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der)));
    } catch (GeneralSecurityException e) {
      throw new IntegrityException("not an elliptic-curve public key: " + e.getMessage());
    }
  }

  private static PrivateKey ecPrivate(byte[] pkcs8) throws IntegrityException {
    try {
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException e) {
      throw new IntegrityException("not an elliptic-curve private key: " + e.getMessage());
    }
  }

  /**
   * Wraps SEC1 {@code ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING,
   * [0] parameters OID, [1] publicKey }} into PKCS#8, moving the curve OID into the algorithm
   * identifier where the JDK expects it.
   */
  static byte[] sec1ToPkcs8(byte[] sec1) throws IntegrityException {
    Der.Tlv seq = Der.read(sec1, 0, sec1.length);
    if (seq.tag() != Der.SEQUENCE) {
      throw new IntegrityException("EC PRIVATE KEY: not a DER sequence");
    }
    byte[] curveOid = null;
    for (Der.Tlv t : seq.children()) {
      if (t.tag() == 0xa0) {
        Der.Tlv oid = Der.read(sec1, t.start(), t.end());
        if (oid.tag() == Der.OID) {
          curveOid = oid.value();
        }
      }
    }
    if (curveOid == null) {
      throw new IntegrityException("EC PRIVATE KEY without a named curve");
    }
    byte[] algId = Der.tlv(Der.SEQUENCE,
        Der.tlv(Der.OID, new byte[] {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01}),
        Der.tlv(Der.OID, curveOid));
    return Der.tlv(Der.SEQUENCE, Der.tlv(Der.INTEGER, new byte[] {0}), algId,
        Der.tlv(Der.OCTET_STRING, java.util.Arrays.copyOf(sec1, seq.next())));
  }

  /**
   * A private key PEM with its public half: the public point the key file carries (SEC1's
   * {@code publicKey} field, also inside PKCS#8 as OpenSSL writes it), checked to pair with the
   * private key, or else one derived from it ({@link EcMath}).
   */
  public static KeyPair keyPair(String pem) throws IntegrityException {
    PrivateKey key = privateKey(pem);
    byte[] point = null;
    for (Block b : blocks(pem)) {
      if (b.label().equals("EC PRIVATE KEY")) {
        point = sec1PublicPoint(b.der());
      } else if (b.label().equals("PRIVATE KEY")) {
        point = pkcs8PublicPoint(b.der());
      }
      if (point != null) {
        break;
      }
    }
    ECPrivateKey ec = (ECPrivateKey) key;
    if (point == null) {
      return new KeyPair(publicOf(key), key);
    }
    try {
      PublicKey pub = KeyFactory.getInstance("EC").generatePublic(
          new ECPublicKeySpec(decodePoint(point, ec.getParams()), ec.getParams()));
      if (!EcMath.pairs(ec, pub)) {
        throw new IntegrityException("the key file's public key does not belong to its private key");
      }
      return new KeyPair(checked(pub), key);
    } catch (GeneralSecurityException e) {
      throw new IntegrityException("the key file's public key is unusable: " + e.getMessage());
    }
  }

  /** The public half of an EC private key, derived from it. */
  public static PublicKey publicOf(PrivateKey key) throws IntegrityException {
    if (!(key instanceof ECPrivateKey ec)) {
      throw new IntegrityException("only elliptic-curve keys are supported");
    }
    try {
      return EcMath.publicKey(ec);
    } catch (GeneralSecurityException e) {
      throw new IntegrityException("cannot derive the public key: " + e.getMessage());
    }
  }

  /** SEC1 {@code [1] publicKey BIT STRING}, or null when absent. */
  static byte @Nullable [] sec1PublicPoint(byte[] sec1) throws IntegrityException {
    Der.Tlv seq = Der.read(sec1, 0, sec1.length);
    for (Der.Tlv t : seq.children()) {
      if (t.tag() == 0xa1) {
        Der.Tlv bits = Der.read(sec1, t.start(), t.end());
        if (bits.tag() != 0x03 || bits.end() - bits.start() < 2 || sec1[bits.start()] != 0) {
          throw new IntegrityException("EC PRIVATE KEY: malformed public key field");
        }
        return java.util.Arrays.copyOfRange(sec1, bits.start() + 1, bits.end());
      }
    }
    return null;
  }

  /** The SEC1 structure inside PKCS#8's privateKey OCTET STRING, and its public point. */
  static byte @Nullable [] pkcs8PublicPoint(byte[] pkcs8) throws IntegrityException {
    Der.Tlv seq = Der.read(pkcs8, 0, pkcs8.length);
    for (Der.Tlv t : seq.children()) {
      if (t.tag() == Der.OCTET_STRING) {
        return sec1PublicPoint(t.value());
      }
    }
    return null;
  }

  /** An uncompressed SEC1 point {@code 04 || X || Y}; compressed points are refused. */
  private static java.security.spec.ECPoint decodePoint(byte[] enc, ECParameterSpec p)
      throws IntegrityException {
    int n = (p.getCurve().getField().getFieldSize() + 7) / 8;
    if (enc.length != 1 + 2 * n || enc[0] != 4) {
      throw new IntegrityException("the key file's public key is not an uncompressed point");
    }
    return new java.security.spec.ECPoint(
        new java.math.BigInteger(1, java.util.Arrays.copyOfRange(enc, 1, 1 + n)),
        new java.math.BigInteger(1, java.util.Arrays.copyOfRange(enc, 1 + n, enc.length)));
  }

  /** {@code secp256r1}, {@code secp384r1} or {@code secp521r1}; anything else is refused. */
  static String curve(java.security.Key key) throws IntegrityException {
    if (!(key instanceof ECKey ec)) {
      throw new IntegrityException("only elliptic-curve keys are supported");
    }
    try {
      AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
      ap.init(ec.getParams());
      String name = ap.getParameterSpec(ECGenParameterSpec.class).getName();
      return switch (name) {
        case "1.2.840.10045.3.1.7", "secp256r1" -> "secp256r1";
        case "1.3.132.0.34", "secp384r1" -> "secp384r1";
        case "1.3.132.0.35", "secp521r1" -> "secp521r1";
        default -> throw new IntegrityException("unsupported curve " + name);
      };
    } catch (GeneralSecurityException e) {
      throw new IntegrityException("unsupported curve: " + e.getMessage());
    }
  }

  /** The JCA signature algorithm the reference pairs with the key's curve. */
  static String signatureAlgorithm(java.security.Key key) throws IntegrityException {
    return switch (curve(key)) {
      case "secp256r1" -> "SHA256withECDSA";
      case "secp384r1" -> "SHA384withECDSA";
      default -> "SHA512withECDSA";
    };
  }

  /** The Sigstore {@code keyDetails} name for the key's curve. */
  static String keyDetails(java.security.Key key) throws IntegrityException {
    return switch (curve(key)) {
      case "secp256r1" -> "PKIX_ECDSA_P256_SHA_256";
      case "secp384r1" -> "PKIX_ECDSA_P384_SHA_384";
      default -> "PKIX_ECDSA_P521_SHA_512";
    };
  }

  private static <K extends java.security.Key> K checked(K key) throws IntegrityException {
    curve(key);
    return key;
  }

  /** The PEM text Python's cryptography writes for a public key (64-column base64, final newline). */
  static String publicKeyPem(PublicKey key) {
    String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
  }

  /** The bundle's {@code publicKey.hint}: hex SHA-256 of {@link #publicKeyPem}. */
  public static String hint(PublicKey key) {
    return HexFormat.of().formatHex(
        Manifest.sha256().digest(publicKeyPem(key).getBytes(StandardCharsets.US_ASCII)));
  }

  static String ecPublicKeyOid() {
    return EC_PUBLIC_KEY_OID;
  }
}
