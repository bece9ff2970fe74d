package dev.modelgate.format.keras;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A Keras model config on its own ({@code model.to_json()}, or a {@code config.json} that reached
 * the scanner outside a recognised .keras archive): {@code model_from_json} and
 * {@code load_model} deserialise it just like the config inside a model file, Lambda bytecode
 * and module references included.
 */
public final class KerasJsonHandler implements FormatHandler {
  @Override
  public String format() {
    return "keras-json";
  }

  @Override
  public boolean detect(Sniff sniff) {
    byte[] h = sniff.head();
    int k = 0;
    while (k < h.length && (h[k] == ' ' || h[k] == '\n' || h[k] == '\r' || h[k] == '\t')) {
      k++;
    }
    if (k >= h.length || h[k] != '{') {
      return false;
    }
    String text = new String(h, StandardCharsets.ISO_8859_1);
    return text.contains("\"class_name\"") && text.contains("\"config\"");
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    int max = ctx.limits().maxMetadataBytes();
    if (src.size() > max) {
      throw new InvalidInputException("keras.config-size", "config of " + src.size()
          + " bytes exceeds the " + max + "-byte metadata limit", "");
    }
    KerasConfigs.check(ctx, src.bytes(0, (int) src.size()), "config");
  }
}
