package dev.modelgate.integrity;

/**
 * Checks who signed a bundle (a public key, a certificate chain, Sigstore keyless) and that the
 * DSSE signature covers the payload. Model integrity is checked afterwards by
 * {@link ModelVerifier} against the payload this returns.
 */
public interface BundleVerifier {
  /** Verifies the bundle's signature; throws naming the reason if it is not trusted. */
  void verify(Bundle bundle) throws IntegrityException;
}
