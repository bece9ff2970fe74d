package dev.modelgate.server.scan;

import dev.modelgate.json.Json;
import dev.modelgate.json.JsonException;
import dev.modelgate.json.JsonWriter;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a file means in its repository, beyond its own format: Python files and the config keys
 * that point transformers at them are remote code, which {@code trust_remote_code=True} imports
 * and runs. Each gets a {@code repo.remote-code} finding; the policy decides whether it blocks.
 */
public final class RepoContext {
  public static final String REMOTE_CODE = "repo.remote-code";
  /** Config files larger than this are not configs transformers would read. */
  static final long MAX_CONFIG = 16L << 20;
  private static final List<String> CODE_KEYS = List.of("auto_map", "custom_pipelines");

  private RepoContext() {}

  /** Findings for the repository file {@code path}, whose bytes are {@code blob}. */
  public static List<Scanned.Located> findings(String path, Path blob) throws IOException {
    String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    List<Scanned.Located> out = new ArrayList<>();
    if (name.endsWith(".py") || name.endsWith(".pyc") || name.endsWith(".pyw")) {
      out.add(new Scanned.Located(path, new Finding(REMOTE_CODE, Verdict.SUSPICIOUS,
          "Python code in the model repository: transformers imports and runs it with "
              + "trust_remote_code=True", "", "")));
    } else if (name.endsWith(".json") && Files.size(blob) <= MAX_CONFIG) {
      Object doc;
      try {
        doc = Json.parse(Files.readAllBytes(blob));
      } catch (JsonException e) {
        return out; // not a config transformers could read; the scanner judges the file itself
      }
      if (doc instanceof Map<?, ?> m) {
        for (String key : CODE_KEYS) {
          Object v = m.get(key);
          if (v != null) {
            String ev = JsonWriter.write(v, false);
            out.add(new Scanned.Located(path, new Finding(REMOTE_CODE, Verdict.SUSPICIOUS,
                name + " maps classes to code in a repository (" + key + "): "
                    + "trust_remote_code=True imports and runs it", key,
                ev.length() > 300 ? ev.substring(0, 300) + "…" : ev)));
          }
        }
      }
    }
    return out;
  }

  /** True when {@code path} may be remote code, so its context must be looked at. */
  public static boolean relevant(String path) {
    String n = path.toLowerCase(Locale.ROOT);
    return n.endsWith(".py") || n.endsWith(".pyc") || n.endsWith(".pyw") || n.endsWith(".json");
  }
}
