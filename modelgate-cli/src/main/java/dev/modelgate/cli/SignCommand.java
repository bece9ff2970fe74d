package dev.modelgate.cli;

import dev.modelgate.cli.args.Args;
import dev.modelgate.cli.args.Command;
import dev.modelgate.cli.args.Io;
import dev.modelgate.cli.args.Opt;
import dev.modelgate.integrity.Certificates;
import dev.modelgate.integrity.IntegrityException;
import dev.modelgate.integrity.KeySigner;
import dev.modelgate.integrity.Keys;
import dev.modelgate.integrity.Manifest;
import dev.modelgate.integrity.ModelHasher;
import dev.modelgate.integrity.Serialization;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** {@code modelgate sign key|certificate}: OpenSSF Model Signing bundles. */
final class SignCommand {
  static final Opt PRIVATE_KEY = Opt.value("KEY.pem", "The signer's EC private key (PEM, PKCS#8"
      + " or SEC1).", "--private-key", "--private_key").require();
  static final Opt SHARD_SIZE = Opt.value("BYTES", "Sign byte ranges of this size.",
      "--shard-size");

  static final Command KEY = Command.of("key", List.of(
          "Sign with an EC private key (PEM, PKCS#8 or SEC1)."),
      options(PRIVATE_KEY), List.of(ModelArgs.MODEL), SignCommand::key);

  static final Command CERTIFICATE = Command.of("certificate", List.of(
          "Sign with an EC private key and its certificate; the chain goes into the bundle."),
      options(PRIVATE_KEY,
          Opt.value("CERT.pem", "The signing certificate (PEM) that certifies the private"
              + " key.", "--signing-certificate", "--signing_certificate").require(),
          Opt.value("CHAIN.pem", "Intermediate certificates to include (PEM).",
              "--certificate-chain", "--certificate_chain").repeat()),
      List.of(ModelArgs.MODEL), SignCommand::certificate);

  static final Command COMMAND = Command.group("sign", List.of(
          "Sign a model folder (OpenSSF Model Signing: a Sigstore bundle v0.3 with a DSSE"
              + " in-toto statement).",
          "Exit 0: signed; 2: could not sign."),
      List.of(), List.of(KEY, CERTIFICATE));

  private SignCommand() {}

  private static List<Opt> options(Opt... own) {
    List<Opt> all = new ArrayList<>(List.of(own));
    all.addAll(ModelArgs.OPTIONS);
    all.add(ModelArgs.ALLOW_SYMLINKS);
    all.add(SHARD_SIZE);
    return all;
  }

  static int key(Args a, Io io) throws Exception {
    Path privateKey = a.path("--private-key");
    KeySigner signer;
    try {
      signer = KeySigner.ofKey(Keys.keyPair(ModelArgs.readPem(privateKey)));
    } catch (IntegrityException e) {
      io.err().println("modelgate: " + privateKey + ": " + e.getMessage());
      return Main.ERROR;
    }
    return sign(a, io, signer);
  }

  static int certificate(Args a, Io io) throws Exception {
    Path cert = a.path("--signing-certificate");
    KeySigner signer;
    try {
      List<X509Certificate> leaf = Certificates.fromPem(ModelArgs.readPem(cert));
      if (leaf.isEmpty()) {
        throw new IntegrityException(cert + ": no CERTIFICATE block");
      }
      List<X509Certificate> intermediates = new ArrayList<>();
      for (Path p : a.paths("--certificate-chain")) {
        intermediates.addAll(Certificates.fromPem(ModelArgs.readPem(p)));
      }
      signer = KeySigner.ofCertificate(Keys.keyPair(ModelArgs.readPem(a.path("--private-key"))),
          leaf.get(0), intermediates);
    } catch (IntegrityException e) {
      io.err().println("modelgate: " + e.getMessage());
      return Main.ERROR;
    }
    return sign(a, io, signer);
  }

  private static int sign(Args a, Io io, KeySigner signer) throws Exception {
    ModelArgs target = new ModelArgs(a);
    PrintWriter err = io.err();
    if (!target.exists(err)) {
      return Main.ERROR;
    }
    Long shardSize = a.number("--shard-size");
    if (shardSize != null && shardSize <= 0) {
      err.println("modelgate: --shard-size must be positive");
      return Main.ERROR;
    }
    Path sig = target.signaturePath();
    List<String> ignore = target.ignored(sig);
    Serialization ser = new Serialization(shardSize == null ? Serialization.FILES
        : Serialization.SHARDS, Serialization.SHA256, shardSize == null ? 0 : shardSize,
        a.flag("--allow-symlinks"), ignore);
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
      io.out().println("Signed " + VerifyCommand.count(m.items().size(), ser.sharded() ? "shard"
          : "file") + " of " + m.modelName() + " (root sha256:" + m.rootDigest() + ") -> " + sig);
      return Main.OK;
    } catch (IntegrityException e) {
      err.println("modelgate: signing failed: " + e.getMessage());
      return Main.ERROR;
    }
  }
}
