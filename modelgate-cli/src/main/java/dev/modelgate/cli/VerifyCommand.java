package dev.modelgate.cli;

import dev.modelgate.cli.args.Args;
import dev.modelgate.cli.args.Command;
import dev.modelgate.cli.args.Io;
import dev.modelgate.cli.args.Opt;
import dev.modelgate.integrity.Bundle;
import dev.modelgate.integrity.BundleVerifier;
import dev.modelgate.integrity.CertificateVerifier;
import dev.modelgate.integrity.Certificates;
import dev.modelgate.integrity.Keys;
import dev.modelgate.integrity.ModelHasher;
import dev.modelgate.integrity.ModelVerifier;
import dev.modelgate.integrity.PublicKeyVerifier;
import dev.modelgate.integrity.SigstoreVerifier;
import dev.modelgate.integrity.TrustedRoot;
import dev.modelgate.io.RegularFile;
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
    all.add(Opt.flag("Follow symlinks that stay inside the model folder (off by default, as in"
        + " the reference; whatever the signature recorded).", "--allow-symlinks",
        "--allow_symlinks"));
    all.add(Hub.MAX_BYTES);
    return all;
  }

  static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  static int key(Args a, Io io) throws Exception {
    Path publicKey = a.path("--public-key");
    return verify(a, io, Failure.attempt(Main.ERROR, publicKey.toString(),
        () -> new PublicKeyVerifier(Keys.publicKey(ModelArgs.readPem(publicKey)))));
  }

  static int certificate(Args a, Io io) throws Exception {
    return verify(a, io, Failure.attempt(Main.ERROR, "", () -> {
      List<X509Certificate> trusted = new ArrayList<>();
      for (Path p : a.paths("--certificate-chain")) {
        trusted.addAll(Certificates.fromPem(ModelArgs.readPem(p)));
      }
      return new CertificateVerifier(trusted);
    }));
  }

  static int sigstore(Args a, Io io) throws Exception {
    Path trustRoot = a.path("--trust-root");
    return verify(a, io, Failure.attempt(Main.ERROR, trustRoot.toString(),
        () -> new SigstoreVerifier(TrustedRoot.parse(RegularFile.readAll(trustRoot)),
            a.string("--identity"), a.string("--identity-provider"))));
  }

  private static int verify(Args a, Io io, BundleVerifier verifier) throws Exception {
    String arg = a.params().get(0);
    if (Hub.is(arg)) {
      return Hub.with(arg, a, io, s -> {
        ModelArgs target = new ModelArgs(a, s.download());
        if (a.path("--signature") == null && !Files.isRegularFile(target.signaturePath())) {
          // name the repository, not the temporary folder it was fetched into
          throw new Failure(Main.ERROR, s.name() + ": the repository has no model.sig (name the"
              + " signature with --signature)", null);
        }
        return verify(a, io, verifier, target);
      });
    }
    return verify(a, io, verifier, new ModelArgs(a));
  }

  private static int verify(Args a, Io io, BundleVerifier verifier, ModelArgs target)
      throws Exception {
    if (!target.exists(io.err())) {
      return Main.ERROR;
    }
    Path sig = target.signaturePath();
    if (!Files.isRegularFile(sig)) {
      throw new Failure(Main.ERROR, sig + ": no such signature file", null);
    }
    if (Files.size(sig) > Bundle.MAX_SIZE) {
      throw new Failure(Main.FINDINGS, "verification failed: " + sig
          + ": signature file is too large", null);
    }
    List<String> ignore = target.ignored(sig);
    ModelVerifier.Result r = Failure.attempt(Main.FINDINGS, "verification failed",
        () -> new ModelVerifier(ModelHasher.defaults()).verify(target.model,
            Bundle.parse(RegularFile.readAll(sig)), verifier, ignore,
            a.flag("--ignore-unsigned-files"), a.flag("--allow-symlinks")));
    Console.line(io.out(), "Verification succeeded: " + count(r.items(),
        r.serialization().sharded() ? "shard" : "file") + " of " + r.modelName()
        + " match the signature");
    return Main.OK;
  }
}
