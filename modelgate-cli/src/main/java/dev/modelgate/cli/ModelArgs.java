package dev.modelgate.cli;

import dev.modelgate.integrity.IgnorePaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What sign and verify have in common: the model, its signature file (by default
 * {@code MODEL/model.sig}, or {@code model.sig} beside a single file) and the paths left out.
 */
final class ModelArgs {
  @Option(names = "--signature", paramLabel = "FILE",
      description = "The signature bundle (default: MODEL/model.sig, or model.sig beside a file).")
  Path signature;

  @Option(names = {"--ignore-paths", "--ignore_paths"}, paramLabel = "PATH",
      description = "Leave out; repeatable.")
  List<Path> ignorePaths = new ArrayList<>();

  @Option(names = "--no-ignore-git-paths",
      description = "Do not leave out .git, .gitattributes, .github, .gitignore.")
  boolean noIgnoreGit;

  @Option(names = "--debug", description = "Show stack traces of internal errors.")
  boolean debug;

  @Parameters(index = "0", paramLabel = "MODEL", description = "Model folder or file.")
  Path model;

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
