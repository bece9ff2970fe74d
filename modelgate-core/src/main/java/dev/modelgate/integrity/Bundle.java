package dev.modelgate.integrity;

import dev.modelgate.json.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A Sigstore bundle holding a DSSE envelope, in every form model_signing has written since v0.2:
 * media types v0.1 to v0.3, {@code publicKey} with {@code hint} or with {@code rawBytes} and
 * {@code keyDetails}, {@code x509CertificateChain} or a single {@code "certificate"}.
 *
 * @param mediaType the bundle media type
 * @param keyHint {@code publicKey.hint}, or null
 * @param keyRawBytes {@code publicKey.rawBytes} decoded (older bundles), or null
 * @param certificates DER certificates, leaf first (chain or single certificate), maybe empty
 * @param tlogEntries Rekor entries as parsed JSON, maybe empty
 * @param payload the DSSE payload, exactly the signed bytes
 * @param payloadType the DSSE payload type
 * @param signature the first DSSE signature (DER ECDSA)
 */
@SuppressWarnings("ArrayRecordComponent") // parsed once per verification, never compared
public record Bundle(String mediaType, @Nullable String keyHint, byte @Nullable [] keyRawBytes,
    List<byte[]> certificates,
    List<Map<?, ?>> tlogEntries, byte[] payload, String payloadType, byte[] signature) {
  public static final String MEDIA_TYPE_V03 = "application/vnd.dev.sigstore.bundle.v0.3+json";
  static final Set<String> MEDIA_TYPES = Set.of(
      "application/vnd.dev.sigstore.bundle+json;version=0.1",
      "application/vnd.dev.sigstore.bundle+json;version=0.2",
      "application/vnd.dev.sigstore.bundle+json;version=0.3",
      MEDIA_TYPE_V03,
      "application/vnd.dev.sigstore.bundle.v0.3.1+json");
  /** Bundles are a few KB; large manifests of sharded models stay well below this. */
  public static final int MAX_SIZE = 256 << 20;

  /** Parses bundle JSON; every missing or mistyped field is named in the error. */
  public static Bundle parse(byte[] json) throws IntegrityException {
    if (json.length > MAX_SIZE) {
      throw new IntegrityException("signature file is too large (" + json.length + " bytes)");
    }
    Object root = Statement.json(json, "signature");
    Map<?, ?> b = Statement.map(root, "bundle");
    String mediaType = Statement.string(b.get("mediaType"), "mediaType");
    if (!MEDIA_TYPES.contains(mediaType)) {
      throw new IntegrityException("unsupported bundle mediaType " + mediaType);
    }
    Map<?, ?> vm = Statement.map(b.get("verificationMaterial"), "verificationMaterial");
    String hint = null;
    byte[] raw = null;
    if (vm.get("publicKey") != null) {
      Map<?, ?> pk = Statement.map(vm.get("publicKey"), "verificationMaterial.publicKey");
      if (pk.get("hint") != null) {
        hint = Statement.string(pk.get("hint"), "verificationMaterial.publicKey.hint");
      }
      if (pk.get("rawBytes") != null) {
        raw = b64(pk.get("rawBytes"), "verificationMaterial.publicKey.rawBytes");
      }
    }
    List<byte[]> certs = new ArrayList<>();
    if (vm.get("x509CertificateChain") != null) {
      Map<?, ?> chain = Statement.map(vm.get("x509CertificateChain"), "verificationMaterial.x509CertificateChain");
      List<?> list = Statement.list(chain.get("certificates"), "x509CertificateChain.certificates");
      if (list.size() > 16) {
        throw new IntegrityException("certificate chain is too long (" + list.size() + ")");
      }
      for (int k = 0; k < list.size(); k++) {
        Map<?, ?> c = Statement.map(list.get(k), "certificates[" + k + "]");
        certs.add(b64(c.get("rawBytes"), "certificates[" + k + "].rawBytes"));
      }
    } else if (vm.get("certificate") != null) {
      Map<?, ?> c = Statement.map(vm.get("certificate"), "verificationMaterial.certificate");
      certs.add(b64(c.get("rawBytes"), "verificationMaterial.certificate.rawBytes"));
    }
    List<Map<?, ?>> tlog = new ArrayList<>();
    if (vm.get("tlogEntries") != null) {
      List<?> entries = Statement.list(vm.get("tlogEntries"), "verificationMaterial.tlogEntries");
      for (int k = 0; k < entries.size(); k++) {
        tlog.add(Statement.map(entries.get(k), "tlogEntries[" + k + "]"));
      }
    }
    if (b.get("dsseEnvelope") == null) {
      throw new IntegrityException("bundle has no dsseEnvelope (message signatures are not model signatures)");
    }
    Map<?, ?> env = Statement.map(b.get("dsseEnvelope"), "dsseEnvelope");
    byte[] payload = b64(env.get("payload"), "dsseEnvelope.payload");
    String type = Statement.string(env.get("payloadType"), "dsseEnvelope.payloadType");
    List<?> sigs = Statement.list(env.get("signatures"), "dsseEnvelope.signatures");
    if (sigs.isEmpty()) {
      throw new IntegrityException("dsseEnvelope.signatures is empty");
    }
    Map<?, ?> sig0 = Statement.map(sigs.get(0), "dsseEnvelope.signatures[0]");
    byte[] sig = b64(sig0.get("sig"), "dsseEnvelope.signatures[0].sig");
    return new Bundle(mediaType, hint, raw, List.copyOf(certs), List.copyOf(tlog), payload, type, sig);
  }

  static byte[] b64(@Nullable Object o, String field) throws IntegrityException {
    String s = Statement.string(o, field);
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      try {
        return Base64.getUrlDecoder().decode(s); // protobuf JSON also accepts URL-safe base64
      } catch (IllegalArgumentException e2) {
        throw new IntegrityException(field + " is not valid base64");
      }
    }
  }

  /** Writes a key-method bundle exactly as model_signing 1.1 does (compact JSON). */
  static byte[] writeKeyBundle(String hint, byte[] payload, byte[] signature) {
    Map<String, Object> pk = new LinkedHashMap<>();
    pk.put("hint", hint);
    Map<String, Object> vm = new LinkedHashMap<>();
    vm.put("publicKey", pk);
    vm.put("tlogEntries", List.of());
    return write(vm, payload, signature);
  }

  /** Writes a certificate-method bundle: {@code x509CertificateChain}, leaf first. */
  static byte[] writeCertificateBundle(List<byte[]> chainDer, byte[] payload, byte[] signature) {
    List<Object> certs = new ArrayList<>();
    for (byte[] der : chainDer) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("rawBytes", Base64.getEncoder().encodeToString(der));
      certs.add(c);
    }
    Map<String, Object> chain = new LinkedHashMap<>();
    chain.put("certificates", certs);
    Map<String, Object> vm = new LinkedHashMap<>();
    vm.put("x509CertificateChain", chain);
    vm.put("tlogEntries", List.of());
    return write(vm, payload, signature);
  }

  private static byte[] write(Map<String, Object> vm, byte[] payload, byte[] signature) {
    Map<String, Object> sig = new LinkedHashMap<>();
    sig.put("sig", Base64.getEncoder().encodeToString(signature));
    sig.put("keyid", "");
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("payload", Base64.getEncoder().encodeToString(payload));
    env.put("payloadType", Dsse.IN_TOTO);
    env.put("signatures", List.of(sig));
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("mediaType", MEDIA_TYPE_V03);
    b.put("verificationMaterial", vm);
    b.put("dsseEnvelope", env);
    return JsonWriter.write(b, false).getBytes(StandardCharsets.UTF_8);
  }
}
