package dev.modelgate.cli;

import dev.modelgate.cli.args.Args;
import dev.modelgate.cli.args.Command;
import dev.modelgate.cli.args.Io;
import dev.modelgate.cli.args.Opt;
import dev.modelgate.cli.args.Param;
import dev.modelgate.integrity.IgnorePaths;
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

/** {@code modelgate hash}: the OpenSSF Model Signing manifest of a model, printed. */
final class HashCommand {
  static final Command COMMAND = Command.of("hash", List.of(
          "Print the OpenSSF Model Signing manifest of a model file or folder: one SHA-256 per"
              + " file (or per shard with --shard-size) and the root digest a signature would"
              + " carry.",
          "Exit 0: done; 2: could not hash (missing path, symlink, special file)."),
      List.of(
          Opt.value("", "Output format (default: text).", "--format").choices("text", "json"),
          Opt.value("BYTES", "Hash byte ranges of this size (sha256-sharded-N) instead of whole"
              + " files.", "--shard-size"),
          ModelArgs.IGNORE_PATHS,
          Opt.flag("Include .git, .gitattributes, .github, .gitignore.", "--no-ignore-git-paths"),
          ModelArgs.ALLOW_SYMLINKS,
          Opt.value("N", "Hashing threads (default: the number of cores).", "--threads"),
          Hub.MAX_BYTES,
          Common.DEBUG),
      List.of(Param.one("PATH", "Model file or folder, or hf://ORG/REPO[@REVISION] (fetched"
          + " whole into a temporary folder that is removed afterwards).")),
      HashCommand::run);

  private HashCommand() {}

  static int run(Args a, Io io) throws Exception {
    String arg = a.params().get(0);
    if (Hub.is(arg)) {
      return Hub.with(arg, a, io, s -> hash(a, io, s.download()));
    }
    return hash(a, io, Path.of(arg));
  }

  private static int hash(Args a, Io io, Path model) throws Exception {
    PrintWriter out = io.out();
    PrintWriter err = io.err();
    Long shardSize = a.number("--shard-size");
    Long threads = a.number("--threads");
    if (!Files.exists(model)) {
      Console.line(err, "modelgate: " + model + ": no such file or directory");
      return Main.ERROR;
    }
    if (shardSize != null && shardSize <= 0) {
      throw a.usage("--shard-size must be positive");
    }
    if (threads != null && (threads <= 0 || threads > 1024)) {
      throw a.usage("--threads takes 1 to 1024, not " + threads);
    }
    Path sig = Files.isDirectory(model) ? model.resolve("model.sig") : null;
    List<String> ignore = IgnorePaths.resolve(model, a.paths("--ignore-paths"), sig,
        !a.flag("--no-ignore-git-paths"));
    Serialization ser = shardSize == null ? Serialization.files(ignore)
        : Serialization.shards(shardSize, ignore);
    ser = new Serialization(ser.method(), ser.hashType(), ser.shardSize(),
        a.flag("--allow-symlinks"), ignore);
    Serialization how = ser;
    Progress progress = new Progress(err, io.errTty());
    Manifest m;
    try {
      m = Failure.attempt(Main.ERROR, "", () -> new ModelHasher(threads == null
          ? Runtime.getRuntime().availableProcessors() : threads.intValue())
          .hash(model, how, null, progress::update));
    } finally {
      progress.clear();
    }
    if (a.string("--format", "text").equals("json")) {
      out.println(JsonWriter.write(toJson(m), true));
    } else {
      for (ManifestItem i : m.items()) {
        Console.line(out, i.digestHex() + "  " + i.name());
      }
      Console.line(out, m.rootDigest() + "  " + m.modelName() + " (root digest, " + m.items().size()
          + " " + (ser.sharded() ? "shards" : "files") + ")");
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
