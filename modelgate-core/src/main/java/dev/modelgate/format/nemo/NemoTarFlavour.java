package dev.modelgate.format.nemo;

import dev.modelgate.format.archive.TarArchive;
import dev.modelgate.format.archive.TarEntry;
import dev.modelgate.format.archive.TarFlavour;
import dev.modelgate.format.archive.TarHandler;
import dev.modelgate.io.ByteSource;
import dev.modelgate.spi.ScanContext;
import java.io.IOException;

/**
 * NeMo checkpoints ({@code .nemo}): a TAR (gzip-compressed in older releases) holding
 * {@code model_config.yaml}, whose {@code _target_} class paths Hydra instantiates, and
 * {@code model_weights.ckpt} (a torch checkpoint) plus tokenizer files. The config is judged
 * here; every member, the config too, is scanned as its own file, and member names are checked
 * because NeMo extracts the archive to a folder before reading it.
 */
public final class NemoTarFlavour implements TarFlavour {
  @Override
  public String format() {
    return "nemo";
  }

  @Override
  public boolean claims(TarArchive t) {
    return t.entries().stream().anyMatch(e -> e.isRegular() && ModelConfig.isConfig(e.name()));
  }

  @Override
  public void scan(ScanContext ctx, TarArchive t) throws IOException {
    TarHandler.checkNames(ctx, t);
    for (TarEntry e : t.entries()) {
      if (!e.isRegular() || e.type() == 'S') {
        continue;
      }
      if (ModelConfig.isConfig(e.name())) {
        if (e.size() > ctx.limits().maxMetadataBytes()) {
          ctx.invalid(ModelConfig.LIMIT, e.name() + " of " + e.size() + " bytes is larger than"
              + " the " + ctx.limits().maxMetadataBytes() + "-byte limit for configs", e.name());
        } else {
          try (ByteSource m = t.open(e)) {
            ModelConfig.check(ctx, m.bytes(0, (int) m.size()), e.name());
          }
        }
      }
      ctx.member(e.name(), t.open(e));
    }
  }
}
