package dev.modelgate.cli;

import dev.modelgate.cli.args.Args;
import dev.modelgate.cli.args.Opt;
import dev.modelgate.cli.args.Param;
import dev.modelgate.integrity.IgnorePaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What sign and verify have in common: the model, its signature file (by default
 * {@code MODEL/model.sig}, or {@code model.sig} beside a single file) and the paths left out.
 * Spellings follow the reference CLI ({@code model_signing}), underscores included.
 */
final class ModelArgs {
  static final Opt SIGNATURE = Opt.value("FILE", "The signature bundle (default: MODEL/model.sig,"
      + " or model.sig beside a file).", "--signature");
  static final Opt IGNORE_PATHS = Opt.value("PATH", "Leave this file or folder out.",
      "--ignore-paths", "--ignore_paths").repeat();
  static final Opt NO_IGNORE_GIT = Opt.flag("Do not leave out .git, .gitattributes, .github,"
      + " .gitignore.", "--no-ignore-git-paths");
  static final Opt ALLOW_SYMLINKS = Opt.flag("Follow symlinks that stay inside the model folder.",
      "--allow-symlinks", "--allow_symlinks");
  static final Param MODEL = Param.one("MODEL", "Model folder or file.");
  static final Param HUB_MODEL = Param.one("MODEL", "Model folder or file, or"
      + " hf://ORG/REPO[@REVISION] (fetched whole into a temporary folder that is removed"
      + " afterwards; the signature defaults to its model.sig).");

  /** The options every sign and verify method takes, before its own. */
  static final List<Opt> OPTIONS = List.of(SIGNATURE, IGNORE_PATHS, NO_IGNORE_GIT, Common.DEBUG);

  final Path model;
  private final Path signature;
  private final List<Path> ignorePaths;
  private final boolean noIgnoreGit;

  ModelArgs(Args a) {
    this(a, a.paramPath(0));
  }

  /** With the model somewhere else than named (an hf:// repository fetched into a folder). */
  ModelArgs(Args a, Path model) {
    this.model = model;
    this.signature = a.path("--signature");
    this.ignorePaths = a.paths("--ignore-paths");
    this.noIgnoreGit = a.flag("--no-ignore-git-paths");
  }

  Path signaturePath() {
    if (signature != null) {
      return signature;
    }
    Path abs = model.toAbsolutePath().normalize();
    return Files.isDirectory(abs) ? abs.resolve("model.sig") : abs.resolveSibling("model.sig");
  }

  /** Model-relative paths to leave out: the user's, the signature file, git's unless asked. */
  List<String> ignored(Path sig) throws IOException {
    return IgnorePaths.resolve(model, ignorePaths, sig, !noIgnoreGit);
  }

  /** False (after saying so on {@code err}) when the model does not exist. */
  boolean exists(PrintWriter err) {
    if (Files.exists(model)) {
      return true;
    }
    Console.line(err, "modelgate: " + model + ": no such file or directory");
    return false;
  }

  /** A PEM file (keys, certificates): ASCII text. */
  static String readPem(Path p) throws IOException {
    return new String(dev.modelgate.io.RegularFile.readAll(p), StandardCharsets.US_ASCII);
  }
}
