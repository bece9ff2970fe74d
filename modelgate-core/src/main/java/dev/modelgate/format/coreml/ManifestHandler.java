package dev.modelgate.format.coreml;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.json.Json;
import dev.modelgate.json.JsonException;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import dev.modelgate.spi.Folder;
import java.util.Map;

/**
 * The {@code Manifest.json} of a Core ML package ({@code .mlpackage} folder): items (the model
 * spec, the weights folder) by id, each with a {@code path} under the package's {@code Data/}
 * folder, and the id of the root model. Core ML opens those paths, so one that leaves the
 * package is malicious ({@code coreml.path-traversal}) and a missing item or root is invalid.
 * The package's files are scanned on their own when the folder is scanned; this checks what
 * ties them together, using the folder the manifest lies in.
 */
public final class ManifestHandler implements FormatHandler {
  @Override
  public String format() {
    return "coreml-package";
  }

  @Override
  public boolean detect(Sniff sniff) {
    String h = new String(sniff.head(), StandardCharsets.ISO_8859_1).stripLeading();
    return h.startsWith("{") && h.contains("\"itemInfoEntries\"")
        && h.contains("\"rootModelIdentifier\"");
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    int max = ctx.limits().maxMetadataBytes();
    if (src.size() > max) {
      throw new InvalidInputException("coreml.manifest", "manifest of " + src.size()
          + " bytes exceeds the " + max + "-byte metadata limit", "");
    }
    Object doc;
    try {
      doc = Json.parse(src.bytes(0, (int) src.size()));
    } catch (JsonException e) {
      ctx.invalid("coreml.manifest", "Manifest.json is not JSON: " + e.getMessage(), "");
      return;
    }
    if (!(doc instanceof Map<?, ?> m) || !(m.get("itemInfoEntries") instanceof Map<?, ?> items)) {
      ctx.invalid("coreml.manifest", "Manifest.json has no itemInfoEntries object", "");
      return;
    }
    Object root = m.get("rootModelIdentifier");
    if (!(root instanceof String r) || !items.containsKey(r)) {
      ctx.invalid("coreml.manifest", "rootModelIdentifier " + root + " names no item", "");
    }
    for (Map.Entry<?, ?> e : items.entrySet()) {
      String id = String.valueOf(e.getKey());
      if (!(e.getValue() instanceof Map<?, ?> item) || !(item.get("path") instanceof String p)) {
        ctx.invalid("coreml.manifest", "item " + id + " has no path", id);
        continue;
      }
      if (Paths.escapes(p)) {
        ctx.malicious("coreml.path-traversal", "package item " + id + " is read from '" + p
            + "', outside the package", id, p);
        continue;
      }
      if (ctx.folder().isPresent()) {
        item(ctx, ctx.folder().get(), id, p);
      }
    }
  }

  private static void item(ScanContext ctx, Folder pkg, String id, String p)
      throws IOException {
    Folder.Entry e = pkg.lookup("Data/" + p);
    switch (e.kind()) {
      case OUTSIDE -> ctx.malicious("coreml.path-traversal", "package item " + id + " ('" + p
          + "') leads outside the package (" + e.target() + ")", id, p);
      case MISSING, DANGLING, SPECIAL -> ctx.invalid("coreml.manifest", "package item " + id
          + " ('" + p + "') is missing", id);
      default -> { }
    }
  }
}
