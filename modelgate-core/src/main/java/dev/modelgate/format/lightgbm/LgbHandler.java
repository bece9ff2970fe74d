package dev.modelgate.format.lightgbm;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.json.Json;
import dev.modelgate.json.JsonException;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * LightGBM's text model ({@code Booster.save_model}): a header of {@code key=value} lines, one
 * {@code Tree=N} block per tree, {@code end of trees}, then importances, parameters and the
 * Python package's {@code pandas_categorical} JSON line. It carries no code; hostile counts,
 * links or sizes would make the C++ loader or predictor read out of bounds or loop, so they are
 * invalid. When {@code tree_sizes} is present LightGBM locates each tree by those byte sizes
 * (parsing in parallel), so they must match the blocks a sequential reader sees.
 */
public final class LgbHandler implements FormatHandler {
  static final long MAX_FEATURES = Integer.MAX_VALUE - 1;
  static final long MAX_CLASSES = 1 << 24;
  static final long MAX_TREES = 1 << 24;

  @Override
  public String format() {
    return "lightgbm";
  }

  @Override
  public boolean detect(Sniff sniff) {
    String h = new String(sniff.head(), StandardCharsets.ISO_8859_1);
    return (h.startsWith("tree\n") || h.startsWith("tree\r\n")) && h.contains("\nversion=");
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    String file = src.name().substring(Math.max(src.name().lastIndexOf('/'),
        src.name().lastIndexOf('\\')) + 1);
    try {
      read(ctx, new Lines(src, file));
    } catch (InvalidInputException e) {
      ctx.invalid(e.rule(), e.getMessage(), e.location());
    }
  }

  private static void read(ScanContext ctx, Lines lines) throws IOException {
    lines.next(); // "tree"
    Map<String, String> header = new HashMap<>();
    String line;
    long treeStart = -1;
    while ((line = lines.next()) != null) {
      if (line.startsWith("Tree=")) {
        treeStart = lines.start();
        break;
      }
      if (line.equals("end of trees")) {
        break;
      }
      keyValue(header, line, lines);
    }
    Values h = new Values(header, "header", lines.at(0));
    if (!header.containsKey("version")) {
      throw h.bad("version is missing");
    }
    h.integer("num_class", 1, MAX_CLASSES);
    h.integer("num_tree_per_iteration", 1, MAX_CLASSES);
    h.integer("label_index", -1, MAX_FEATURES);
    long maxFeature = h.integer("max_feature_idx", 0, MAX_FEATURES);
    String names = header.get("feature_names");
    if (names != null && names.strip().split(" +").length != maxFeature + 1) {
      throw h.bad("feature_names lists " + names.strip().split(" +").length + " names for "
          + (maxFeature + 1) + " features");
    }
    long[] sizes = header.containsKey("tree_sizes") ? h.longsIfPresent("tree_sizes", -1) : null;
    int trees = 0;
    while (line != null && line.startsWith("Tree=")) {
      if (trees >= MAX_TREES) {
        throw new InvalidInputException("lightgbm.limit", "more than " + MAX_TREES + " trees",
            lines.at(lines.start()));
      }
      String name = line;
      String where = lines.at(lines.start());
      Map<String, String> kv = new HashMap<>();
      while ((line = lines.next()) != null && !line.startsWith("Tree=")
          && !line.equals("end of trees")) {
        if (!line.isEmpty()) {
          keyValue(kv, line, lines);
        }
      }
      long end = line == null ? lines.position() : lines.start();
      if (sizes != null) {
        if (trees >= sizes.length || sizes[trees] != end - treeStart) {
          throw new InvalidInputException("lightgbm.tree-sizes", name + " is " + (end - treeStart)
              + " bytes but tree_sizes says " + (trees < sizes.length ? sizes[trees] : "nothing")
              + "; LightGBM would parse other bytes than a sequential reader", where);
        }
      }
      LgbTree.check(kv, name, maxFeature, where);
      trees++;
      treeStart = end;
    }
    if (sizes != null && sizes.length != trees) {
      throw h.bad("tree_sizes lists " + sizes.length + " trees but " + trees + " follow");
    }
    if (line == null) {
      throw new InvalidInputException("lightgbm.truncated", "the model ends before"
          + " \"end of trees\"", lines.at(lines.position()));
    }
    String last = null;
    while ((line = lines.next()) != null) {
      if (line.startsWith("pandas_categorical:")) {
        last = line;
      }
    }
    if (last != null) {
      pandas(ctx, last.substring("pandas_categorical:".length()), lines);
    }
  }

  /** The Python package reads the last pandas_categorical line with json.loads. */
  private static void pandas(ScanContext ctx, String json, Lines lines) {
    if (json.length() > ctx.limits().maxMetadataBytes()) {
      ctx.invalid("lightgbm.limit", "pandas_categorical line is over the metadata limit",
          lines.at(lines.start()));
      return;
    }
    try {
      Json.parse(json);
    } catch (JsonException e) {
      ctx.invalid("lightgbm.structure", "pandas_categorical is not JSON the Python package can"
          + " read: " + e.getMessage(), "pandas_categorical");
    }
  }

  private static void keyValue(Map<String, String> kv, String line, Lines lines)
      throws InvalidInputException {
    int eq = line.indexOf('=');
    if (eq <= 0) {
      if (line.isEmpty() || line.endsWith(":")) {
        return; // section markers and blank lines
      }
      throw new InvalidInputException("lightgbm.structure", "line \"" + Values.clip(line)
          + "\" is not key=value", lines.at(lines.start()));
    }
    String key = line.substring(0, eq);
    if (kv.put(key, line.substring(eq + 1)) != null) {
      throw new InvalidInputException("lightgbm.structure", "key " + Values.clip(key)
          + " appears twice", lines.at(lines.start()));
    }
  }
}
