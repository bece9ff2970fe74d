package dev.modelgate.format.archive;

import dev.modelgate.format.torch.TorchZipFlavour;
import java.util.List;

/** ZIP flavours in the order they are offered an archive; the generic one comes last. */
public final class ZipFlavours {
  private ZipFlavours() {}

  static List<ZipFlavour> all() {
    return List.of(
        // One line per flavour.
        new TorchZipFlavour(),
        new NpzFlavour(),
        new dev.modelgate.format.keras.KerasV3Flavour(),
        new GenericZipFlavour());
  }

  static ZipFlavour choose(ZipArchive z) {
    for (ZipFlavour f : all()) {
      if (f.claims(z)) {
        return f;
      }
    }
    throw new IllegalStateException("the generic flavour claims every archive");
  }
}
