package dev.modelgate.format.skops;

import dev.modelgate.format.archive.ZipArchive;
import dev.modelgate.format.archive.ZipEntry;
import dev.modelgate.format.archive.ZipFlavour;
import dev.modelgate.format.archive.ZipMembers;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.json.Json;
import dev.modelgate.json.JsonException;
import dev.modelgate.spi.ScanContext;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * skops ({@code .skops}): a ZIP whose {@code schema.json} describes the object tree that
 * {@code skops.io.load} rebuilds, node by node, importing the types it names. The tree is judged
 * like skops' own audit ({@link SkopsTree}); every other member (the {@code .npy} arrays, sparse
 * {@code .npz} matrices and {@code .bin} bytes the nodes point to, and anything smuggled in) is
 * scanned as its own file. A ZIP whose schema.json is not a skops tree is scanned as a plain zip.
 */
public final class SkopsFlavour implements ZipFlavour {
  static final String SCHEMA = "schema.json";

  @Override
  public String format() {
    return "skops";
  }

  @Override
  public boolean claims(ZipArchive z) {
    return z.entry(SCHEMA).isPresent();
  }

  @Override
  public void scan(ScanContext ctx, ZipArchive z, ByteSource src) throws IOException {
    ZipEntry schema = z.entry(SCHEMA).orElseThrow();
    Object doc = null;
    try {
      doc = Json.parse(z.readSmall(schema, ctx.budget(), ctx.limits().maxMetadataBytes(),
          SCHEMA));
    } catch (InvalidInputException e) {
      ctx.invalid(e.rule(), e.getMessage(), e.location());
    } catch (JsonException e) {
      ctx.invalid("skops.schema", "schema.json is not JSON skops can read: " + e.getMessage(),
          SCHEMA);
    }
    if (doc instanceof Map<?, ?> m && !(m.containsKey("__loader__") && m.containsKey("protocol"))) {
      ctx.format("zip"); // some other archive that happens to hold a schema.json
    } else if (doc instanceof Map<?, ?> m) {
      Set<String> files = new SkopsTree(ctx).walkRoot(m);
      for (String f : files) {
        Optional<ZipEntry> e = z.entry(f);
        if (e.isEmpty()) {
          ctx.invalid("skops.missing-file", "the schema refers to member " + f
              + ", which the archive does not hold; skops cannot load it", SCHEMA);
        }
      }
    } else if (doc != null) {
      ctx.invalid("skops.schema", "schema.json is not a JSON object", SCHEMA);
    }
    for (ZipEntry e : z.entries()) {
      if (!e.name().equals(SCHEMA)) {
        ZipMembers.scan(ctx, z, e);
      }
    }
  }
}
