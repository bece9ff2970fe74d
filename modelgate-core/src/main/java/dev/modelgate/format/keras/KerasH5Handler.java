package dev.modelgate.format.keras;

import dev.modelgate.format.hdf5.Hdf5File;
import dev.modelgate.format.hdf5.Hdf5Reader;
import dev.modelgate.format.hdf5.Hdf5Rules;
import dev.modelgate.io.ByteSource;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;
import java.util.List;

/**
 * Any HDF5 file. With Keras attributes on the root group ({@code model_config},
 * {@code keras_version}, {@code backend}) it is a legacy Keras model ({@code keras-h5}) and its
 * configs get the Keras rules; otherwise ({@code hdf5}, e.g. a Keras v3 {@code model.weights.h5})
 * only the HDF5 structural rules apply.
 */
public final class KerasH5Handler implements FormatHandler {
  private static final List<String> KERAS_ATTRIBUTES =
      List.of("model_config", "keras_version", "backend", "training_config");
  private static final List<String> CONFIGS = List.of("model_config", "training_config");

  @Override
  public String format() {
    return "hdf5";
  }

  @Override
  public boolean detect(Sniff sniff) {
    return Hdf5Reader.hasSignature(sniff.head());
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    Hdf5File f = Hdf5Reader.read(src, "", ctx.limits().maxMetadataBytes());
    if (KERAS_ATTRIBUTES.stream().anyMatch(f.rootAttributes()::containsKey)) {
      ctx.format("keras-h5");
      for (String name : CONFIGS) {
        String json = f.rootAttributes().get(name);
        if (json != null) {
          KerasConfigs.check(ctx, json, "attribute " + name);
        } else if (f.rootAttributes().containsKey(name)) {
          // h5py may still decode it (shared or unusual string type): not clean by omission.
          ctx.suspicious("keras.config-unreadable", "attribute " + name + " is not a plain"
              + " string this scanner reads; its config was not checked", "attribute " + name,
              name);
        }
      }
    }
    Hdf5Rules.apply(ctx, f, src.size());
  }
}
