package dev.modelgate.integrity;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** X.509 certificates from PEM text or DER. */
public final class Certificates {
  private Certificates() {}

  public static List<X509Certificate> fromPem(String pem) throws IntegrityException {
    List<X509Certificate> out = new ArrayList<>();
    for (Keys.Block b : Keys.blocks(pem)) {
      if (b.label().equals("CERTIFICATE")) {
        out.add(fromDer(b.der()));
      }
    }
    return out;
  }

  public static X509Certificate fromDer(byte[] der) throws IntegrityException {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | RuntimeException e) {
      throw new IntegrityException("malformed certificate: " + e.getMessage());
    }
  }
}
