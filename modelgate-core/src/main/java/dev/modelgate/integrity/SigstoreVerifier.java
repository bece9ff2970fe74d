package dev.modelgate.integrity;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Keyless Sigstore verification, offline: the Fulcio certificate chains to a CA of the trusted
 * root at the time Rekor logged the entry, names the expected identity and OIDC issuer, the
 * Rekor entry is proven (signed entry timestamp, inclusion proof, signed checkpoint) and records
 * this envelope, and the DSSE signature verifies with the certificate's key.
 */
public final class SigstoreVerifier implements BundleVerifier {
  static final String ISSUER_V1 = "1.3.6.1.4.1.57264.1.1";
  static final String ISSUER_V2 = "1.3.6.1.4.1.57264.1.8";
  private final TrustedRoot root;
  private final String identity;
  private final String issuer;

  public SigstoreVerifier(TrustedRoot root, String identity, String issuer) {
    this.root = root;
    this.identity = identity;
    this.issuer = issuer;
  }

  @Override
  public void verify(Bundle b) throws IntegrityException {
    if (b.certificates().isEmpty()) {
      throw new IntegrityException("the signature carries no Fulcio certificate (not a keyless signature)");
    }
    if (b.tlogEntries().isEmpty()) {
      throw new IntegrityException("the signature has no transparency log entry");
    }
    byte[] leafDer = b.certificates().get(0);
    X509Certificate leaf = Certificates.fromDer(leafDer);
    Rekor.Entry entry = null;
    for (Map<?, ?> e : b.tlogEntries()) {
      entry = Rekor.verify(e, root, b, leafDer);
    }
    Instant t = Objects.requireNonNull(entry, "tlogEntries was checked non-empty").integratedTime();
    if (t.isBefore(leaf.getNotBefore().toInstant()) || t.isAfter(leaf.getNotAfter().toInstant())) {
      throw new IntegrityException("the certificate was not valid when the log recorded the signature (" + t + ")");
    }
    chain(leaf, t);
    CertificateVerifier.checkUsage(leaf);
    checkIdentity(leaf);
    if (!Signatures.verify(leaf.getPublicKey(), b, null)) {
      throw new IntegrityException("invalid signature: the envelope was not signed by the certificate's key");
    }
  }

  private void chain(X509Certificate leaf, Instant t) throws IntegrityException {
    String last = "no certificate authority of the trusted root was valid at " + t;
    for (TrustedRoot.Authority ca : root.certificateAuthorities()) {
      if (t.isBefore(ca.start()) || t.isAfter(ca.end())) {
        continue;
      }
      List<X509Certificate> path = new ArrayList<>();
      path.add(leaf);
      path.addAll(ca.chain().subList(0, ca.chain().size() - 1));
      try {
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca.chain().get(ca.chain().size() - 1), null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(t));
        CertPathValidator.getInstance("PKIX").validate(
            CertificateFactory.getInstance("X.509").generateCertPath(path), params);
        return;
      } catch (CertPathValidatorException e) {
        last = "certificate does not chain to the trusted Fulcio CA: " + e.getMessage();
      } catch (GeneralSecurityException e) {
        last = "certificate chain cannot be checked: " + e.getMessage();
      }
    }
    throw new IntegrityException(last);
  }

  private void checkIdentity(X509Certificate leaf) throws IntegrityException {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          if (san.size() == 2 && san.get(1) instanceof String s) {
            names.add(s);
          }
        }
      }
    } catch (CertificateParsingException e) {
      throw new IntegrityException("malformed subject alternative name in the certificate");
    }
    if (!names.contains(identity)) {
      throw new IntegrityException("identity mismatch: the certificate is for " + names + ", expected " + identity);
    }
    String got = issuer(leaf);
    if (!issuer.equals(got)) {
      throw new IntegrityException("issuer mismatch: the certificate's OIDC issuer is " + got + ", expected " + issuer);
    }
  }

  /** The OIDC issuer: extension .1.8 holds a DER UTF8String, the older .1.1 the raw text. */
  static @Nullable String issuer(X509Certificate leaf) throws IntegrityException {
    byte[] v2 = leaf.getExtensionValue(ISSUER_V2);
    if (v2 != null) {
      Der.Tlv octets = Der.read(v2, 0, v2.length);
      Der.Tlv str = Der.read(v2, octets.start(), octets.end());
      return new String(str.value(), StandardCharsets.UTF_8);
    }
    byte[] v1 = leaf.getExtensionValue(ISSUER_V1);
    if (v1 != null) {
      Der.Tlv octets = Der.read(v1, 0, v1.length);
      return new String(octets.value(), StandardCharsets.UTF_8);
    }
    return null;
  }
}
