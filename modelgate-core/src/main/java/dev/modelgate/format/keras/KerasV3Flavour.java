package dev.modelgate.format.keras;

import dev.modelgate.format.archive.ZipArchive;
import dev.modelgate.format.archive.ZipEntry;
import dev.modelgate.format.archive.ZipFlavour;
import dev.modelgate.format.archive.ZipMembers;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.spi.ScanContext;
import java.io.IOException;
import java.util.Optional;

/**
 * Keras v3 ({@code .keras}): a ZIP with {@code config.json} and {@code metadata.json}. The config
 * gets the Keras rules; every other member (weights .h5, assets, anything smuggled in) is scanned
 * as its own file, so HDF5 rules apply to {@code model.weights.h5}.
 */
public final class KerasV3Flavour implements ZipFlavour {
  static final String CONFIG = "config.json";
  static final String METADATA = "metadata.json";

  @Override
  public String format() {
    return "keras-v3";
  }

  /**
   * Keras needs only config.json to deserialise a model (the payload runs before weights are
   * read), so a config with any other Keras member is enough; a lone config.json in some other
   * zip is still checked, by {@link KerasJsonHandler}, when the generic flavour scans it.
   */
  @Override
  public boolean claims(ZipArchive z) {
    return z.entry(CONFIG).isPresent() && (z.entry(METADATA).isPresent()
        || z.entry("model.weights.h5").isPresent() || z.entry("model.weights.npz").isPresent());
  }

  @Override
  public void scan(ScanContext ctx, ZipArchive z, ByteSource src) throws IOException {
    int max = ctx.limits().maxMetadataBytes();
    for (String name : new String[] {CONFIG, METADATA}) {
      Optional<ZipEntry> e = z.entry(name);
      if (e.isEmpty()) {
        continue;
      }
      byte[] json;
      try {
        json = z.readSmall(e.get(), ctx.budget(), max, name);
      } catch (InvalidInputException x) {
        ctx.invalid(x.rule(), x.getMessage(), x.location());
        continue;
      }
      if (name.equals(CONFIG)) {
        KerasConfigs.check(ctx, json, name);
      } else {
        KerasConfigs.parseOnly(ctx, json, name);
      }
    }
    for (ZipEntry e : z.entries()) {
      if (!e.name().equals(CONFIG) && !e.name().equals(METADATA)) {
        ZipMembers.scan(ctx, z, e);
      }
    }
  }
}
