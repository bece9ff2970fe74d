package dev.modelgate.cli;

import dev.modelgate.cli.args.Args;
import dev.modelgate.cli.args.Command;
import dev.modelgate.cli.args.Io;
import dev.modelgate.cli.args.Opt;
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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
  static final Opt FORCE = Opt.flag("Overwrite the signature file even when it is not a"
      + " signature bundle.", "--force");

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
    all.add(FORCE);
    return all;
  }

  static int key(Args a, Io io) throws Exception {
    Path privateKey = a.path("--private-key");
    KeySigner signer = Failure.attempt(Main.ERROR, privateKey.toString(),
        () -> KeySigner.ofKey(Keys.keyPair(ModelArgs.readPem(privateKey))));
    return sign(a, io, signer);
  }

  static int certificate(Args a, Io io) throws Exception {
    Path cert = a.path("--signing-certificate");
    KeySigner signer = Failure.attempt(Main.ERROR, "", () -> {
      List<X509Certificate> leaf = Certificates.fromPem(ModelArgs.readPem(cert));
      if (leaf.isEmpty()) {
        throw new IntegrityException(cert + ": no CERTIFICATE block");
      }
      List<X509Certificate> intermediates = new ArrayList<>();
      for (Path p : a.paths("--certificate-chain")) {
        intermediates.addAll(Certificates.fromPem(ModelArgs.readPem(p)));
      }
      return KeySigner.ofCertificate(Keys.keyPair(ModelArgs.readPem(a.path("--private-key"))),
          leaf.get(0), intermediates);
    });
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
      throw a.usage("--shard-size must be positive");
    }
    Path sig = target.signaturePath();
    String refusal = overwriteRefusal(sig, a.flag("--force"));
    if (refusal != null) {
      throw new Failure(Main.ERROR, sig + ": " + refusal, null);
    }
    List<String> ignore = target.ignored(sig);
    Serialization ser = new Serialization(shardSize == null ? Serialization.FILES
        : Serialization.SHARDS, Serialization.SHA256, shardSize == null ? 0 : shardSize,
        a.flag("--allow-symlinks"), ignore);
    Progress progress = new Progress(err, io.errTty());
    Manifest m;
    try {
      m = Failure.attempt(Main.ERROR, "signing failed",
          () -> ModelHasher.defaults().hash(target.model, ser, null, progress::update));
    } finally {
      progress.clear();
    }
    byte[] bundle = Failure.attempt(Main.ERROR, "signing failed", () -> signer.sign(m));
    Path abs = sig.toAbsolutePath();
    Path tmp = Files.createTempFile(abs.getParent(), ".model-sig", ".tmp");
    try {
      try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        c.write(ByteBuffer.wrap(bundle));
        c.force(true);   // the rename must not publish a bundle that is not on disk yet
      }
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    Console.line(io.out(), "Signed " + VerifyCommand.count(m.items().size(), ser.sharded()
        ? "shard" : "file") + " of " + m.modelName() + " (root sha256:" + m.rootDigest() + ") -> "
        + sig);
    return Main.OK;
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
        || (!Files.isRegularFile(sig, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(sig))) {
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
}
