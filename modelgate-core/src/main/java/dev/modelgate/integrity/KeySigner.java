package dev.modelgate.integrity;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Signs a manifest with an EC private key; optionally as the holder of a certificate chain. */
public final class KeySigner {
  private final PrivateKey key;
  private final PublicKey publicKey;
  private final List<X509Certificate> chain;

  private KeySigner(PrivateKey key, PublicKey publicKey, List<X509Certificate> chain)
      throws IntegrityException {
    this.key = key;
    this.publicKey = publicKey;
    this.chain = List.copyOf(chain);
    if (!chain.isEmpty() && !Arrays.equals(chain.get(0).getPublicKey().getEncoded(), publicKey.getEncoded())) {
      throw new IntegrityException("the signing certificate's public key does not match the private key");
    }
  }

  /** The key method: the bundle carries only the hint of the public key. */
  public static KeySigner ofKey(PrivateKey key) throws IntegrityException {
    return new KeySigner(key, Keys.publicOf(key), List.of());
  }

  /** As above, with the public key the key file carried (see {@link Keys#keyPair}). */
  public static KeySigner ofKey(KeyPair pair) throws IntegrityException {
    return new KeySigner(pair.getPrivate(), pair.getPublic(), List.of());
  }

  /** The certificate method: {@code leaf} followed by {@code intermediates} go in the bundle. */
  public static KeySigner ofCertificate(PrivateKey key, X509Certificate leaf,
      List<X509Certificate> intermediates) throws IntegrityException {
    return ofCertificate(new KeyPair(Keys.publicOf(key), key), leaf, intermediates);
  }

  /** As above, with the public key the key file carried (see {@link Keys#keyPair}). */
  public static KeySigner ofCertificate(KeyPair pair, X509Certificate leaf,
      List<X509Certificate> intermediates) throws IntegrityException {
    List<X509Certificate> all = new ArrayList<>();
    all.add(leaf);
    all.addAll(intermediates);
    return new KeySigner(pair.getPrivate(), pair.getPublic(), all);
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** The bundle bytes for {@code manifest}. */
  public byte[] sign(Manifest manifest) throws IntegrityException {
    if (manifest.items().isEmpty()) {
      // an empty manifest would "verify" any folder under --ignore-unsigned-files
      throw new IntegrityException("nothing to sign: " + (manifest.modelName().isEmpty()
          ? "the model" : manifest.modelName()) + " has no files (after ignored paths); a"
          + " signature must cover at least one");
    }
    byte[] payload = Statement.payload(manifest);
    byte[] sig = Signatures.sign(key, payload);
    if (chain.isEmpty()) {
      return Bundle.writeKeyBundle(Keys.hint(publicKey), payload, sig);
    }
    List<byte[]> der = new ArrayList<>();
    try {
      for (X509Certificate c : chain) {
        der.add(c.getEncoded());
      }
    } catch (CertificateEncodingException e) {
      throw new IntegrityException("cannot encode certificate: " + e.getMessage());
    }
    return Bundle.writeCertificateBundle(der, payload, sig);
  }
}
