package dev.modelgate.integrity;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The certificate method: the bundle's leaf certificate must chain (through the bundle's other
 * certificates) to one of the given trust anchors, checked at the leaf's notBefore as the
 * reference does (the signature has no trusted timestamp, and a signature stays valid after its
 * certificate expires), and allow signing: key usage digitalSignature or EKU codeSigning.
 */
public final class CertificateVerifier implements BundleVerifier {
  static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
  private final Set<TrustAnchor> anchors = new HashSet<>();
  private final List<X509Certificate> anchorCerts;

  public CertificateVerifier(List<X509Certificate> trusted) throws IntegrityException {
    if (trusted.isEmpty()) {
      throw new IntegrityException("no trust anchors: give --certificate-chain with at least one CA certificate");
    }
    anchorCerts = List.copyOf(trusted);
    for (X509Certificate c : trusted) {
      anchors.add(new TrustAnchor(c, null));
    }
  }

  @Override
  public void verify(Bundle b) throws IntegrityException {
    if (b.certificates().isEmpty()) {
      throw new IntegrityException("the signature carries no certificate (made with a key? use 'verify key')");
    }
    List<X509Certificate> chain = new ArrayList<>();
    for (byte[] der : b.certificates()) {
      X509Certificate c = Certificates.fromDer(der);
      if (anchorCerts.contains(c)) {
        break; // the path ends at a trust anchor; the anchor itself is not part of it
      }
      chain.add(c);
    }
    if (chain.isEmpty()) {
      throw new IntegrityException("the signing certificate is itself a trust anchor, not a leaf");
    }
    X509Certificate leaf = chain.get(0);
    validate(chain, leaf.getNotBefore());
    checkUsage(leaf);
    if (!Signatures.verify(leaf.getPublicKey(), b, "SHA256withECDSA")) {
      throw new IntegrityException("invalid signature: the bundle was not signed by its certificate's key");
    }
  }

  private void validate(List<X509Certificate> chain, Date at) throws IntegrityException {
    try {
      CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
      PKIXParameters params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      params.setDate(at);
      CertPathValidator.getInstance("PKIX").validate(path, params);
    } catch (CertPathValidatorException e) {
      throw new IntegrityException("certificate chain is not trusted: " + e.getMessage()
          + (e.getIndex() >= 0 ? " (certificate " + e.getIndex() + " of the bundle)" : ""));
    } catch (GeneralSecurityException e) {
      throw new IntegrityException("certificate chain cannot be checked: " + e.getMessage());
    }
  }

  static void checkUsage(X509Certificate leaf) throws IntegrityException {
    boolean[] ku = leaf.getKeyUsage();
    if (ku != null && ku.length > 0 && ku[0]) {
      return;
    }
    try {
      List<String> eku = leaf.getExtendedKeyUsage();
      if (eku != null && eku.contains(CODE_SIGNING)) {
        return;
      }
    } catch (java.security.cert.CertificateParsingException e) {
      throw new IntegrityException("malformed extended key usage in the signing certificate");
    }
    throw new IntegrityException("the signing certificate may not be used for signing "
        + "(no digitalSignature key usage nor codeSigning extended key usage)");
  }
}
