package dev.modelgate.cli;

import dev.modelgate.integrity.IgnorePaths;
import dev.modelgate.integrity.IntegrityException;
import dev.modelgate.integrity.Manifest;
import dev.modelgate.integrity.ManifestItem;
import dev.modelgate.integrity.ModelHasher;
import dev.modelgate.integrity.Serialization;
import dev.modelgate.json.JsonWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "hash", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Print the OpenSSF Model Signing manifest of a model file or folder: one SHA-256 per file",
        "(or per shard with --shard-size) and the root digest a signature would carry.",
        "Exit 0: done; 2: could not hash (missing path, symlink, special file)."})
final class HashCommand implements Callable<Integer> {
  enum Format { text, json }

  @Spec
  CommandSpec spec;

  @Option(names = "--format", paramLabel = "text|json", description = "Output format (default: text).")
  Format format = Format.text;

  @Option(names = "--shard-size", paramLabel = "BYTES",
      description = "Hash byte ranges of this size (sha256-sharded-N) instead of whole files.")
  Long shardSize;

  @Option(names = {"--ignore-paths", "--ignore_paths"}, paramLabel = "PATH",
      description = "Leave this file or folder out; repeatable.")
  List<Path> ignorePaths = new ArrayList<>();

  @Option(names = "--no-ignore-git-paths", description = "Include .git, .gitattributes, .github, .gitignore.")
  boolean noIgnoreGit;

  @Option(names = "--allow-symlinks", description = "Follow symlinks that stay inside the model folder.")
  boolean allowSymlinks;

  @Option(names = "--threads", paramLabel = "N", description = "Hashing threads (default: cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--debug", description = "Show stack traces of internal errors.")
  boolean debug;

  @Parameters(index = "0", paramLabel = "PATH", description = "Model file or folder.")
  Path model;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.exists(model)) {
      Console.line(err, "modelgate: " + model + ": no such file or directory");
      return Main.ERROR;
    }
    if (shardSize != null && shardSize <= 0) {
      err.println("modelgate: --shard-size must be positive");
      return Main.ERROR;
    }
    Path sig = Files.isDirectory(model) ? model.resolve("model.sig") : null;
    List<String> ignore = IgnorePaths.resolve(model, ignorePaths, sig, !noIgnoreGit);
    Serialization ser = shardSize == null ? Serialization.files(ignore) : Serialization.shards(shardSize, ignore);
    ser = new Serialization(ser.method(), ser.hashType(), ser.shardSize(), allowSymlinks, ignore);
    Manifest m;
    try {
      m = new ModelHasher(threads).hash(model, ser, null);
    } catch (IntegrityException e) {
      Console.line(err, "modelgate: " + e.getMessage());
      return Main.ERROR;
    }
    if (format == Format.json) {
      out.println(JsonWriter.write(toJson(m), true));
    } else {
      for (ManifestItem i : m.items()) {
        Console.line(out, i.digestHex() + "  " + i.name());
      }
      Console.line(out, m.rootDigest() + "  " + m.modelName() + " (root digest, " + m.items().size() + " "
          + (ser.sharded() ? "shards" : "files") + ")");
    }
    out.flush();
    return Main.OK;
  }

  static Map<String, Object> toJson(Manifest m) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("model", m.modelName());
    Map<String, Object> digest = new LinkedHashMap<>();
    digest.put("sha256", m.rootDigest());
    root.put("digest", digest);
    Map<String, Object> ser = new LinkedHashMap<>();
    ser.put("method", m.serialization().method());
    ser.put("hash_type", m.serialization().hashType());
    if (m.serialization().sharded()) {
      ser.put("shard_size", m.serialization().shardSize());
    }
    ser.put("allow_symlinks", m.serialization().allowSymlinks());
    ser.put("ignore_paths", m.serialization().ignorePaths());
    root.put("serialization", ser);
    List<Object> res = new ArrayList<>();
    for (ManifestItem i : m.items()) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("name", i.name());
      r.put("algorithm", i.algorithm());
      r.put("digest", i.digestHex());
      res.add(r);
    }
    root.put("resources", res);
    return root;
  }
}
