package dev.modelgate.convert;

import dev.modelgate.DescribedScan;
import dev.modelgate.ScanListener;
import dev.modelgate.ScanOptions;
import dev.modelgate.Scanner;
import dev.modelgate.io.ByteSource;
import dev.modelgate.spi.Description;
import dev.modelgate.json.Json;
import dev.modelgate.json.JsonException;
import dev.modelgate.json.JsonWriter;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.tensor.PartialFiles;
import dev.modelgate.tensor.SafetensorsWriter;
import dev.modelgate.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Hugging Face checkpoint folders, scanned as one unit and converted from the files that scan
 * opened. Shards are converted one by one to hidden staging files and renamed into place only
 * when every shard succeeded, so a failure leaves no output; the new index keeps each tensor in
 * the shard its source shard was in and records {@code metadata.total_size}.
 */
final class Sharded {
  static final String INDEX = "pytorch_model.bin.index.json";
  static final String SINGLE = "pytorch_model.bin";
  private static final Pattern SHARD = Pattern.compile("pytorch_model(-\\d+-of-\\d+)?\\.bin");
  /** A shard name must be a plain file of the folder: no path separators, no dot-dot. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]{0,200}");
  private static final long MAX_INDEX = 64L << 20;

  private Sharded() {}

  static Converter.Outcome convert(Path dir, Path outDir, Converter.Options o)
      throws IOException {
    return convert(dir, outDir, o, null);
  }

  /**
   * Plans the outputs from the folder as it is, then scans it as one unit, keeping each shard
   * (and the index) open from that scan, and converts those open files: a shard swapped after
   * the scan opened it is not the one converted, and a plan the scanned index no longer
   * matches is refused.
   *
   * @param listener sees each file the scan opens (tests use it to change the folder mid-scan),
   *     or null
   */
  static Converter.Outcome convert(Path dir, Path outDir, Converter.Options o,
      @Nullable ScanListener listener) throws IOException {
    List<String> shards = shards(dir);
    Map<String, String> outNames = new LinkedHashMap<>();
    for (String s : shards) {
      Path target = outDir.resolve(outputName(s));
      Converter.checkTarget(dir.resolve(s), target, o.force());
      outNames.put(s, outputName(s));
    }
    boolean indexed = Files.exists(dir.resolve(INDEX));
    Path indexOut = outDir.resolve("model.safetensors.index.json");
    if (indexed) {
      Converter.checkTarget(dir.resolve(INDEX), indexOut, o.force());
    }
    Set<String> keep = new HashSet<>(shards);
    keep.add(INDEX);
    ScanOptions options = Checkpoint.options(o.policy());
    options = new ScanOptions(options.policy(), options.limits(), options.hashLimit(),
        options.debug(), listener);
    try (DescribedScan scan = new Scanner(options).describe(dir, keep::contains)) {
      if (!scan.report().allClean()) {
        throw new RefusedException(dir.toString(), scan.report());
      }
      if (indexed && !indexShards(scanned(scan, INDEX).source()).equals(shards)) {
        throw new IOException(dir + ": " + INDEX + " changed while the folder was converted");
      }
      return write(scan, shards, outNames, indexed ? indexOut : null, outDir, o.dedupe(),
          o.progress());
    }
  }

  /** A file the folder scan kept open; missing when it vanished before the scan reached it. */
  private static DescribedScan.File scanned(DescribedScan scan, String rel)
      throws IOException {
    return scan.file(rel).orElseThrow(() -> new NoSuchFileException(rel, null,
        "vanished while the folder was scanned"));
  }

  private static Converter.Outcome write(DescribedScan scan, List<String> shards,
      Map<String, String> outNames, @Nullable Path indexOut, Path outDir, boolean dedupe,
      SafetensorsWriter.@Nullable Listener progress)
      throws IOException {
    Files.createDirectories(outDir);
    Map<Path, Path> staged = new LinkedHashMap<>();
    boolean done = false;
    try {
      Map<String, String> weightMap = new TreeMap<>();
      long total = 0;
      long bytes = 0;
      int count = 0;
      int skipped = 0;
      for (String s : shards) {
        String name = outNames.get(s);
        Path stage = PartialFiles.create(outDir.resolve(name));
        staged.put(stage, outDir.resolve(name));
        DescribedScan.File f = scanned(scan, s);
        Description d = f.description().orElse(null);
        // closing the description after its shard releases the members it inflated, early
        try (d; Checkpoint c = Checkpoint.of(f.source(), Extraction.of(d, f.source().size()))) {
          bytes += c.writeSafetensors(stage, dedupe, progress);
          List<Tensor> written = dedupe ? Aliases.dedupe(c.views()).kept() : c.views();
          for (Tensor t : written) {
            if (weightMap.put(t.name(), name) != null) {
              throw new InvalidInputException("convert.shard-duplicate", "tensor " + t.name()
                  + " is in more than one shard", s);
            }
            total += t.byteLength();
          }
          count += written.size();
          skipped += c.skipped();
        }
      }
      List<Path> outputs = new ArrayList<>();
      if (indexOut != null) {
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("metadata", Map.of("total_size", total));
        index.put("weight_map", weightMap);
        Path indexStage = PartialFiles.create(indexOut);
        staged.put(indexStage, indexOut);
        Files.writeString(indexStage, JsonWriter.write(index, true) + "\n",
            StandardCharsets.UTF_8);
      }
      for (Map.Entry<Path, Path> e : staged.entrySet()) {
        PartialFiles.commit(e.getKey(), e.getValue());
        outputs.add(e.getValue());
      }
      done = true;
      return new Converter.Outcome(outputs, count, bytes, skipped);
    } finally {
      if (!done) {
        for (Path p : staged.keySet()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** The shard files in name order: from the index when there is one, else pytorch_model.bin. */
  static List<String> shards(Path dir) throws IOException {
    Path index = dir.resolve(INDEX);
    if (!Files.exists(index)) {
      if (Files.isRegularFile(dir.resolve(SINGLE))) {
        return List.of(SINGLE);
      }
      throw new NoCheckpointException(dir + ": no " + SINGLE + " or " + INDEX
          + " in this folder");
    }
    if (Files.size(index) > MAX_INDEX) {
      throw new InvalidInputException("convert.index", INDEX + " is larger than 64 MiB", INDEX);
    }
    List<String> files = weightMapShards(Files.readAllBytes(index));
    for (String f : files) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        throw new InvalidInputException("convert.index", "shard " + f + " is missing", INDEX);
      }
    }
    return files;
  }

  /** The shards the index names, read from the open file the folder scan judged. */
  private static List<String> indexShards(ByteSource index) throws IOException {
    if (index.size() > MAX_INDEX) {
      throw new InvalidInputException("convert.index", INDEX + " is larger than 64 MiB", INDEX);
    }
    return weightMapShards(index.bytes(0, (int) index.size()));
  }

  /** The distinct shard names of the index's {@code weight_map}, in name order. */
  private static List<String> weightMapShards(byte[] json) throws InvalidInputException {
    Object parsed;
    try {
      parsed = Json.parse(json);
    } catch (JsonException e) {
      throw new InvalidInputException("convert.index", INDEX + " is not valid JSON: "
          + e.getMessage(), INDEX);
    }
    if (!(parsed instanceof Map<?, ?> m) || !(m.get("weight_map") instanceof Map<?, ?> wm)) {
      throw new InvalidInputException("convert.index", INDEX + " has no weight_map object",
          INDEX);
    }
    TreeSet<String> files = new TreeSet<>();
    for (Object v : wm.values()) {
      if (!(v instanceof String f) || !PLAIN.matcher(f).matches() || f.contains("..")) {
        throw new InvalidInputException("convert.index", "weight_map names shard " + v
            + ", which is not a plain file name of the folder", INDEX);
      }
      files.add(f);
    }
    return List.copyOf(files);
  }

  /** {@code pytorch_model-00001-of-00002.bin} -> {@code model-00001-of-00002.safetensors}. */
  static String outputName(String shard) {
    Matcher m = SHARD.matcher(shard);
    if (m.matches()) {
      return "model" + (m.group(1) == null ? "" : m.group(1)) + ".safetensors";
    }
    int dot = shard.lastIndexOf('.');
    return (dot > 0 ? shard.substring(0, dot) : shard) + ".safetensors";
  }

  /** A folder that holds no checkpoint this converter knows. */
  static final class NoCheckpointException extends IOException {
    NoCheckpointException(String message) {
      super(message);
    }
  }
}
