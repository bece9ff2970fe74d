package dev.modelgate.integrity;

import java.security.PublicKey;
import java.util.Arrays;

/** The key method: the bundle must be signed by the given public key. */
public final class PublicKeyVerifier implements BundleVerifier {
  private final PublicKey key;

  public PublicKeyVerifier(PublicKey key) throws IntegrityException {
    Keys.curve(key);
    this.key = key;
  }

  @Override
  public void verify(Bundle b) throws IntegrityException {
    if (b.keyHint() != null && !b.keyHint().isEmpty() && !b.keyHint().equalsIgnoreCase(Keys.hint(key))) {
      throw new IntegrityException("key mismatch: the signature names a different public key (hint "
          + b.keyHint() + ", given key " + Keys.hint(key) + ")");
    }
    if (b.keyRawBytes() != null) {
      // Pre-1.1 bundles embed the signer's public key as PEM text; a different key fails early.
      PublicKey embedded = null;
      try {
        embedded = Keys.publicKey(new String(b.keyRawBytes(), java.nio.charset.StandardCharsets.US_ASCII));
      } catch (IntegrityException e) {
        // not PEM: the reference ignores rawBytes, so fall through to the signature check
      }
      if (embedded != null && !Arrays.equals(embedded.getEncoded(), key.getEncoded())) {
        throw new IntegrityException("key mismatch: the signature embeds a different public key");
      }
    }
    if (!b.certificates().isEmpty() && b.keyHint() == null && b.keyRawBytes() == null) {
      throw new IntegrityException("the signature was made with a certificate, not a key: use 'verify certificate'");
    }
    if (!Signatures.verify(key, b, null)) {
      throw new IntegrityException("invalid signature: the bundle was not signed by the given public key");
    }
  }
}
