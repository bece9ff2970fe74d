package dev.modelgate.cli;

import dev.modelgate.integrity.Bundle;
import dev.modelgate.integrity.BundleVerifier;
import dev.modelgate.integrity.CertificateVerifier;
import dev.modelgate.integrity.Certificates;
import dev.modelgate.integrity.IntegrityException;
import dev.modelgate.integrity.Keys;
import dev.modelgate.integrity.ModelHasher;
import dev.modelgate.integrity.ModelVerifier;
import dev.modelgate.integrity.PublicKeyVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Verify a model against its OpenSSF Model Signing signature.",
        "Exit 0: valid; 1: invalid (the reason names the file); 2: usage error."},
    subcommands = {VerifyCommand.Key.class, VerifyCommand.Certificate.class, VerifyCommand.Sigstore.class})
final class VerifyCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return Main.ERROR;
  }

  /** Options shared by the verification methods. */
  static final class Common {
    @Mixin
    ModelArgs target;

    @Option(names = {"--ignore-unsigned-files", "--ignore_unsigned_files"},
        description = "Check only the files the signature lists.")
    boolean ignoreUnsigned;

    @Option(names = {"--allow-symlinks", "--allow_symlinks"},
        description = "Follow symlinks that stay inside the model folder (off by default, as in"
            + " the reference; whatever the signature recorded).")
    boolean allowSymlinks;

    int verify(CommandSpec spec, BundleVerifier verifier) throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (!target.exists(err)) {
        return Main.ERROR;
      }
      Path sig = target.signaturePath();
      if (!Files.isRegularFile(sig)) {
        Console.line(err, "modelgate: " + sig + ": no such signature file");
        return Main.ERROR;
      }
      if (Files.size(sig) > Bundle.MAX_SIZE) {
        Console.line(err, "modelgate: verification failed: " + sig + ": signature file is too large");
        return Main.FINDINGS;
      }
      try {
        Bundle bundle = Bundle.parse(dev.modelgate.io.RegularFile.readAll(sig));
        List<String> ignore = target.ignored(sig);
        ModelVerifier.Result r = new ModelVerifier(ModelHasher.defaults())
            .verify(target.model, bundle, verifier, ignore, ignoreUnsigned, allowSymlinks);
        Console.line(out, "Verification succeeded: " + count(r.items(), r.serialization().sharded() ? "shard" : "file")
            + " of " + r.modelName() + " match the signature");
        return Main.OK;
      } catch (IntegrityException e) {
        Console.line(err, "modelgate: verification failed: " + e.getMessage());
        return Main.FINDINGS;
      }
    }
  }

  static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  @Command(name = "key", mixinStandardHelpOptions = true, description = "Verify with the signer's EC public key (PEM).")
  static final class Key implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    Common common;

    @Option(names = {"--public-key", "--public_key"}, required = true, paramLabel = "KEY.pem")
    Path publicKey;

    @Override
    public Integer call() throws Exception {
      BundleVerifier v;
      try {
        v = new PublicKeyVerifier(Keys.publicKey(ModelArgs.readPem(publicKey)));
      } catch (IntegrityException e) {
        Console.line(spec.commandLine().getErr(), "modelgate: " + publicKey + ": " + e.getMessage());
        return Main.ERROR;
      }
      return common.verify(spec, v);
    }
  }

  @Command(name = "certificate", mixinStandardHelpOptions = true,
      description = "Verify a certificate-signed model against trusted CA certificates.")
  static final class Certificate implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    Common common;

    @Option(names = {"--certificate-chain", "--certificate_chain"}, required = true, paramLabel = "CA.pem",
        description = "Trusted CA certificates (PEM); repeatable.")
    List<Path> chain = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      BundleVerifier v;
      try {
        List<X509Certificate> trusted = new ArrayList<>();
        for (Path p : chain) {
          trusted.addAll(Certificates.fromPem(ModelArgs.readPem(p)));
        }
        v = new CertificateVerifier(trusted);
      } catch (IntegrityException e) {
        Console.line(spec.commandLine().getErr(), "modelgate: " + e.getMessage());
        return Main.ERROR;
      }
      return common.verify(spec, v);
    }
  }

  @Command(name = "sigstore", mixinStandardHelpOptions = true,
      description = "Verify a keyless Sigstore signature offline against a trusted_root.json.")
  static final class Sigstore implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    Common common;

    @Option(names = "--identity", required = true, paramLabel = "ID", description = "Expected signer identity (certificate SAN).")
    String identity;

    @Option(names = {"--identity-provider", "--identity_provider"}, required = true, paramLabel = "URL",
        description = "Expected OIDC issuer.")
    String issuer;

    @Option(names = {"--trust-root", "--trust_config", "--trust-config"}, required = true, paramLabel = "trusted_root.json",
        description = "Sigstore trusted root (offline; e.g. from @sigstore/tuf).")
    Path trustRoot;

    @Override
    public Integer call() throws Exception {
      BundleVerifier v;
      try {
        v = new dev.modelgate.integrity.SigstoreVerifier(
            dev.modelgate.integrity.TrustedRoot.parse(dev.modelgate.io.RegularFile.readAll(trustRoot)), identity, issuer);
      } catch (IntegrityException e) {
        Console.line(spec.commandLine().getErr(), "modelgate: " + trustRoot + ": " + e.getMessage());
        return Main.ERROR;
      }
      return common.verify(spec, v);
    }
  }
}
