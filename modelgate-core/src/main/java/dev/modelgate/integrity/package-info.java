/**
 * OpenSSF Model Signing (OMS), compatible with sigstore/model-transparency (model_signing
 * v0.2 to v1.1): hashing a model folder into a manifest, signing it as a Sigstore bundle v0.3
 * holding a DSSE envelope around an in-toto Statement v1, and verifying such bundles.
 *
 * <p>Compatibility decisions, each checked against the upstream test vectors:
 * <ul>
 *   <li>Resources are sorted like Python sorts {@code PurePosixPath}: component by component,
 *       by code point; shards by path, then start and end as integers. The subject digest is
 *       SHA-256 over the concatenated raw digests in resource order.
 *   <li>The key hint is the hex SHA-256 of the public key's PEM text as Python's cryptography
 *       writes it (64-column base64, trailing newline).
 *   <li>ECDSA uses SHA-256/384/512 for P-256/384/521. v0.2 signed a malformed PAE
 *       ({@code DSSEV1} and Python's {@code repr()} of the payload) and, for certificates,
 *       always SHA-256; verification falls back to that form as the reference does.
 *   <li>Signatures are checked over the payload bytes as stored; the JSON is only parsed after.
 *   <li>Certificate chains are validated at the leaf's notBefore (there is no trusted signing
 *       time), with digitalSignature key usage or codeSigning extended key usage required.
 *       Unlike OpenSSL's default, any given certificate is a trust anchor (partial chains).
 *   <li>Keyless Sigstore bundles are verified offline against a user-supplied
 *       {@code trusted_root.json}: Rekor signed entry timestamp, inclusion proof and signed
 *       checkpoint, the logged body against this envelope, the Fulcio chain at the integrated
 *       time, and the SAN / OIDC issuer extensions. Embedded SCTs and RFC 3161 timestamps are
 *       not checked; Rekor v2 entries (no signed entry timestamp) are refused.
 *   <li>Names in a signature with {@code ..}, empty components or a leading {@code /} are
 *       refused; symlinks are refused unless the signature allows them, and are never followed
 *       outside the model folder.
 * </ul>
 */
package dev.modelgate.integrity;
