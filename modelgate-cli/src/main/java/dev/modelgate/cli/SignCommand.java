package dev.modelgate.cli;

import dev.modelgate.integrity.Bundle;
import dev.modelgate.integrity.Certificates;
import dev.modelgate.integrity.IntegrityException;
import dev.modelgate.integrity.KeySigner;
import dev.modelgate.integrity.Keys;
import dev.modelgate.integrity.Manifest;
import dev.modelgate.integrity.ModelHasher;
import dev.modelgate.integrity.Serialization;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sign", mixinStandardHelpOptions = true,
    description = {"Sign a model folder (OpenSSF Model Signing: a Sigstore bundle v0.3 with a DSSE",
        "in-toto statement). Exit 0: signed; 2: could not sign."},
    subcommands = {SignCommand.Key.class, SignCommand.Certificate.class})
final class SignCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return Main.ERROR;
  }

  /** Options shared by the signing methods. */
  static final class Common {
    @Mixin
    ModelArgs target;

    @Option(names = "--allow-symlinks", description = "Follow symlinks that stay inside the model folder.")
    boolean allowSymlinks;

    @Option(names = "--shard-size", paramLabel = "BYTES", description = "Sign byte ranges of this size.")
    Long shardSize;

    @Option(names = "--force",
        description = "Overwrite the signature file even when it is not a signature bundle.")
    boolean force;

    int sign(CommandSpec spec, KeySigner signer) throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      if (!target.exists(err)) {
        return Main.ERROR;
      }
      if (shardSize != null && shardSize <= 0) {
        err.println("modelgate: --shard-size must be positive");
        return Main.ERROR;
      }
      Path sig = target.signaturePath();
      String refusal = overwriteRefusal(sig, force);
      if (refusal != null) {
        Console.line(err, "modelgate: " + sig + ": " + refusal);
        return Main.ERROR;
      }
      List<String> ignore = target.ignored(sig);
      Serialization ser = new Serialization(shardSize == null ? Serialization.FILES : Serialization.SHARDS,
          Serialization.SHA256, shardSize == null ? 0 : shardSize, allowSymlinks, ignore);
      try {
        Manifest m = ModelHasher.defaults().hash(target.model, ser, null);
        byte[] bundle = signer.sign(m);
        Path abs = sig.toAbsolutePath();
        Path tmp = Files.createTempFile(abs.getParent(), ".model-sig", ".tmp");
        try {
          Files.write(tmp, bundle);
          Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
          Files.deleteIfExists(tmp);
        }
        Console.line(spec.commandLine().getOut(), "Signed " + VerifyCommand.count(m.items().size(), ser.sharded() ? "shard" : "file")
            + " of " + m.modelName() + " (root sha256:" + m.rootDigest() + ") -> " + sig);
        return Main.OK;
      } catch (IntegrityException e) {
        Console.line(err, "modelgate: signing failed: " + e.getMessage());
        return Main.ERROR;
      }
    }
  }

  /**
   * Why {@code sig} must not be written, or null. Only an existing signature bundle is replaced
   * without {@code --force}: a mistyped {@code --signature} must not destroy a model file (which
   * the signature then even leaves out of the manifest). Folders, FIFOs and devices never.
   */
  static String overwriteRefusal(Path sig, boolean force) throws IOException {
    if (!Files.exists(sig, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    if (Files.isDirectory(sig, LinkOption.NOFOLLOW_LINKS)
        || !Files.isRegularFile(sig, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(sig)) {
      return "exists and is not a regular file; not overwritten";
    }
    if (force) {
      return null;
    }
    if (Files.isSymbolicLink(sig)) {
      return "is a symbolic link; not replaced without --force";
    }
    try {
      if (Files.size(sig) <= Bundle.MAX_SIZE) {
        Bundle.parse(Files.readAllBytes(sig));
        return null;
      }
    } catch (IntegrityException notABundle) {
      // falls through
    }
    return "exists and is not a signature bundle; not overwritten without --force";
  }

  @Command(name = "key", mixinStandardHelpOptions = true, description = "Sign with an EC private key (PEM, PKCS#8 or SEC1).")
  static final class Key implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    Common common;

    @Option(names = {"--private-key", "--private_key"}, required = true, paramLabel = "KEY.pem")
    Path privateKey;

    @Override
    public Integer call() throws Exception {
      KeySigner signer;
      try {
        signer = KeySigner.ofKey(Keys.keyPair(ModelArgs.readPem(privateKey)));
      } catch (IntegrityException e) {
        Console.line(spec.commandLine().getErr(), "modelgate: " + privateKey + ": " + e.getMessage());
        return Main.ERROR;
      }
      return common.sign(spec, signer);
    }
  }

  @Command(name = "certificate", mixinStandardHelpOptions = true,
      description = "Sign with an EC private key and its certificate; the chain goes into the bundle.")
  static final class Certificate implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    Common common;

    @Option(names = {"--private-key", "--private_key"}, required = true, paramLabel = "KEY.pem")
    Path privateKey;

    @Option(names = {"--signing-certificate", "--signing_certificate"}, required = true, paramLabel = "CERT.pem")
    Path signingCertificate;

    @Option(names = {"--certificate-chain", "--certificate_chain"}, paramLabel = "CHAIN.pem",
        description = "Intermediate certificates to include; repeatable.")
    List<Path> chain = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      KeySigner signer;
      try {
        List<X509Certificate> leaf = Certificates.fromPem(ModelArgs.readPem(signingCertificate));
        if (leaf.isEmpty()) {
          throw new IntegrityException(signingCertificate + ": no CERTIFICATE block");
        }
        List<X509Certificate> intermediates = new ArrayList<>();
        for (Path p : chain) {
          intermediates.addAll(Certificates.fromPem(ModelArgs.readPem(p)));
        }
        signer = KeySigner.ofCertificate(Keys.keyPair(ModelArgs.readPem(privateKey)), leaf.get(0), intermediates);
      } catch (IntegrityException e) {
        Console.line(spec.commandLine().getErr(), "modelgate: " + e.getMessage());
        return Main.ERROR;
      }
      return common.sign(spec, signer);
    }
  }
}
