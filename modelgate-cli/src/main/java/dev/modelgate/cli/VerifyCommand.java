package dev.modelgate.cli;

import dev.modelgate.cli.args.Args;
import dev.modelgate.cli.args.Command;
import dev.modelgate.cli.args.Io;
import dev.modelgate.cli.args.Opt;
import dev.modelgate.integrity.Bundle;
import dev.modelgate.integrity.BundleVerifier;
import dev.modelgate.integrity.CertificateVerifier;
import dev.modelgate.integrity.Certificates;
import dev.modelgate.integrity.IntegrityException;
import dev.modelgate.integrity.Keys;
import dev.modelgate.integrity.ModelHasher;
import dev.modelgate.integrity.ModelVerifier;
import dev.modelgate.integrity.PublicKeyVerifier;
import dev.modelgate.integrity.SigstoreVerifier;
import dev.modelgate.integrity.TrustedRoot;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** {@code modelgate verify key|certificate|sigstore}: check a model against its signature. */
final class VerifyCommand {
  static final Command KEY = Command.of("key", List.of(
          "Verify with the signer's EC public key (PEM)."),
      options(Opt.value("KEY.pem", "The signer's EC public key (PEM).", "--public-key",
          "--public_key").require()),
      List.of(ModelArgs.HUB_MODEL), VerifyCommand::key);

  static final Command CERTIFICATE = Command.of("certificate", List.of(
          "Verify a certificate-signed model against trusted CA certificates."),
      options(Opt.value("CA.pem", "Trusted CA certificates (PEM).", "--certificate-chain",
          "--certificate_chain").require().repeat()),
      List.of(ModelArgs.HUB_MODEL), VerifyCommand::certificate);

  static final Command SIGSTORE = Command.of("sigstore", List.of(
          "Verify a keyless Sigstore signature offline against a trusted_root.json."),
      options(
          Opt.value("ID", "Expected signer identity (certificate SAN).", "--identity")
              .require(),
          Opt.value("URL", "Expected OIDC issuer.", "--identity-provider", "--identity_provider")
              .require(),
          Opt.value("trusted_root.json", "Sigstore trusted root (offline; e.g. from"
              + " @sigstore/tuf).", "--trust-root", "--trust_config", "--trust-config")
              .require()),
      List.of(ModelArgs.HUB_MODEL), VerifyCommand::sigstore);

  static final Command COMMAND = Command.group("verify", List.of(
          "Verify a model against its OpenSSF Model Signing signature.",
          "Exit 0: valid; 1: invalid (the reason names the file); 2: usage error."),
      List.of(), List.of(KEY, CERTIFICATE, SIGSTORE));

  private VerifyCommand() {}

  private static List<Opt> options(Opt... own) {
    List<Opt> all = new ArrayList<>(List.of(own));
    all.addAll(ModelArgs.OPTIONS);
    all.add(Opt.flag("Check only the files the signature lists.", "--ignore-unsigned-files",
        "--ignore_unsigned_files"));
    all.add(Hub.MAX_BYTES);
    return all;
  }

  static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  static int key(Args a, Io io) throws Exception {
    Path publicKey = a.path("--public-key");
    BundleVerifier v;
    try {
      v = new PublicKeyVerifier(Keys.publicKey(ModelArgs.readPem(publicKey)));
    } catch (IntegrityException e) {
      io.err().println("modelgate: " + publicKey + ": " + e.getMessage());
      return Main.ERROR;
    }
    return verify(a, io, v);
  }

  static int certificate(Args a, Io io) throws Exception {
    BundleVerifier v;
    try {
      List<X509Certificate> trusted = new ArrayList<>();
      for (Path p : a.paths("--certificate-chain")) {
        trusted.addAll(Certificates.fromPem(ModelArgs.readPem(p)));
      }
      v = new CertificateVerifier(trusted);
    } catch (IntegrityException e) {
      io.err().println("modelgate: " + e.getMessage());
      return Main.ERROR;
    }
    return verify(a, io, v);
  }

  static int sigstore(Args a, Io io) throws Exception {
    Path trustRoot = a.path("--trust-root");
    BundleVerifier v;
    try {
      v = new SigstoreVerifier(TrustedRoot.parse(Files.readAllBytes(trustRoot)),
          a.string("--identity"), a.string("--identity-provider"));
    } catch (IntegrityException e) {
      io.err().println("modelgate: " + trustRoot + ": " + e.getMessage());
      return Main.ERROR;
    }
    return verify(a, io, v);
  }

  private static int verify(Args a, Io io, BundleVerifier verifier) throws Exception {
    String arg = a.params().get(0);
    if (Hub.is(arg)) {
      return Hub.with(arg, a, io, s -> verify(a, io, verifier, new ModelArgs(a, s.download())));
    }
    return verify(a, io, verifier, new ModelArgs(a));
  }

  private static int verify(Args a, Io io, BundleVerifier verifier, ModelArgs target)
      throws Exception {
    PrintWriter out = io.out();
    PrintWriter err = io.err();
    if (!target.exists(err)) {
      return Main.ERROR;
    }
    Path sig = target.signaturePath();
    if (!Files.isRegularFile(sig)) {
      err.println("modelgate: " + sig + ": no such signature file");
      return Main.ERROR;
    }
    if (Files.size(sig) > Bundle.MAX_SIZE) {
      err.println("modelgate: verification failed: " + sig + ": signature file is too large");
      return Main.FINDINGS;
    }
    try {
      Bundle bundle = Bundle.parse(Files.readAllBytes(sig));
      List<String> ignore = target.ignored(sig);
      ModelVerifier.Result r = new ModelVerifier(ModelHasher.defaults())
          .verify(target.model, bundle, verifier, ignore, a.flag("--ignore-unsigned-files"));
      out.println("Verification succeeded: " + count(r.items(), r.serialization().sharded()
          ? "shard" : "file") + " of " + r.modelName() + " match the signature");
      return Main.OK;
    } catch (IntegrityException e) {
      err.println("modelgate: verification failed: " + e.getMessage());
      return Main.FINDINGS;
    }
  }
}
