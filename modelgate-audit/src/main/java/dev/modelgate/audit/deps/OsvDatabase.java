package dev.modelgate.audit.deps;

import dev.modelgate.json.Json;
import dev.modelgate.json.JsonException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Advisories by package: the bundled, dated snapshot (a curated subset for model loading and
 * serving), or OSV's PyPI {@code all.zip} / a folder of OSV JSON given with {@code --osv}.
 */
public final class OsvDatabase {
  /** An OSV entry is a few KiB; anything this large is not one. */
  static final int MAX_ENTRY_BYTES = 4 << 20;
  static final int MAX_ENTRIES = 1_000_000;
  static final String SNAPSHOT = "osv-snapshot.json";

  private final Map<String, List<Advisory>> byPackage = new HashMap<>();
  private final String description;
  private int count;

  private OsvDatabase(String description) {
    this.description = description;
  }

  /** The snapshot bundled in the jar. */
  public static OsvDatabase bundled() {
    try (InputStream in = OsvDatabase.class.getResourceAsStream(SNAPSHOT)) {
      if (in == null) {
        throw new IllegalStateException("bundled advisory snapshot missing from the jar");
      }
      Map<?, ?> doc = TomlFiles.map(Json.parse(in.readAllBytes()));
      OsvDatabase db = new OsvDatabase("bundled snapshot " + doc.get("snapshot")
          + " (curated subset)");
      for (Object o : TomlFiles.list(doc.get("advisories"))) {
        db.add(OsvReader.read(TomlFiles.map(o), SNAPSHOT));
      }
      return db;
    } catch (IOException | JsonException | DependencyFileException e) {
      throw new IllegalStateException("bundled advisory snapshot unreadable: " + e.getMessage(),
          e);
    }
  }

  /** An OSV {@code all.zip} or a folder of OSV JSON files (walked recursively). */
  public static OsvDatabase load(Path path) throws IOException {
    OsvDatabase db = new OsvDatabase("OSV data from " + path);
    if (Files.isDirectory(path)) {
      List<Path> files;
      try (Stream<Path> s = Files.walk(path, 8)) {
        files = s.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p))
            .limit(MAX_ENTRIES).toList();
      }
      for (Path f : files) {
        if (Files.size(f) > MAX_ENTRY_BYTES) {
          throw new IOException(f + ": larger than " + MAX_ENTRY_BYTES + " bytes, not an OSV entry");
        }
        db.addEntry(Files.readAllBytes(f), f.toString());
      }
      return db;
    }
    try (ZipFile zip = new ZipFile(path.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      int n = 0;
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        if (e.isDirectory() || !e.getName().endsWith(".json")) {
          continue;
        }
        if (++n > MAX_ENTRIES) {
          throw new IOException(path + ": more than " + MAX_ENTRIES + " entries");
        }
        try (InputStream in = zip.getInputStream(e)) {
          // the declared size is not trusted: read at most the limit and one byte more
          byte[] b = in.readNBytes(MAX_ENTRY_BYTES + 1);
          if (b.length > MAX_ENTRY_BYTES) {
            throw new IOException(path + "!/" + e.getName() + ": larger than " + MAX_ENTRY_BYTES
                + " bytes, not an OSV entry");
          }
          db.addEntry(b, path + "!/" + e.getName());
        }
      }
    } catch (java.util.zip.ZipException e) {
      throw new IOException(path + ": not an OSV zip or folder (" + e.getMessage() + ")", e);
    }
    return db;
  }

  private void addEntry(byte[] json, String origin) throws IOException {
    try {
      add(OsvReader.read(json, origin));
    } catch (DependencyFileException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private void add(Advisory a) {
    if (a == null) {
      return;
    }
    count++;
    for (Advisory.Affected af : a.affected()) {
      List<Advisory> list = byPackage.computeIfAbsent(af.name(), k -> new ArrayList<>());
      if (!list.contains(a)) {
        list.add(a);
      }
    }
  }

  List<Advisory> forPackage(String normalizedName) {
    return byPackage.getOrDefault(normalizedName, List.of());
  }

  /** Number of advisories loaded (withdrawn and non-PyPI entries not counted). */
  public int size() {
    return count;
  }

  public String description() {
    return description;
  }
}
