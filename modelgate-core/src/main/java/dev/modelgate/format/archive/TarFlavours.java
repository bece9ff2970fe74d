package dev.modelgate.format.archive;

import dev.modelgate.format.torch.TorchTarFlavour;
import java.util.List;

/** TAR flavours in the order they are offered an archive; unclaimed archives are generic. */
public final class TarFlavours {
  private TarFlavours() {}

  static List<TarFlavour> all() {
    return List.of(
        // One line per flavour.
        new TorchTarFlavour()
    );
  }
}
