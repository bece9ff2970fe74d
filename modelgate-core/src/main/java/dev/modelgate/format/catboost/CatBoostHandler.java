package dev.modelgate.format.catboost;

import dev.modelgate.format.tflite.FlatReader;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * CatBoost's native model ({@code save_model("m.cbm")}): the four bytes {@code CBM1}, a uint32
 * size, a FlatBuffer {@code TModelCore} of that size (format version, trees, info map, ids of
 * the model parts that follow), then those parts (CTR tables). The evaluator reads the
 * FlatBuffer in place, so every table, vector and tree array is bounds-checked; the file holds
 * no code. Info-map values are data (training parameters as JSON text).
 */
public final class CatBoostHandler implements FormatHandler {
  static final int HEADER = 8;
  static final int MAX_STRING = 1 << 20;
  // TModelCore fields
  static final int FORMAT_VERSION = 0;
  static final int MODEL_TREES = 1;
  static final int INFO_MAP = 2;
  static final int MODEL_PART_IDS = 3;

  @Override
  public String format() {
    return "catboost";
  }

  @Override
  public boolean detect(Sniff sniff) {
    return sniff.startsWith("CBM1");
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    try {
      check(ctx, src);
    } catch (InvalidInputException e) {
      ctx.invalid(e.rule(), e.getMessage(), e.location());
    }
  }

  private static void check(ScanContext ctx, ByteSource src) throws IOException {
    if (src.size() < HEADER) {
      throw new InvalidInputException("catboost.truncated", "shorter than its 8-byte header",
          "@0");
    }
    long size = ByteBuffer.wrap(src.bytes(4, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt()
        & 0xffffffffL;
    if (size < 8 || size > src.size() - HEADER) {
      throw new InvalidInputException("catboost.structure", "model core of " + size
          + " bytes does not fit in the " + (src.size() - HEADER) + " bytes after the header",
          "@4");
    }
    FlatReader f = new FlatReader(src.slice(HEADER, size), "core", "catboost.malformed");
    FlatReader.Table core = f.tableAt(0, "TModelCore");
    if (f.string(core, FORMAT_VERSION, MAX_STRING) == null) {
      throw new InvalidInputException("catboost.structure", "model core has no FormatVersion",
          "core@" + core.pos());
    }
    long trees = f.field(core, MODEL_TREES, 4);
    if (trees < 0) {
      throw new InvalidInputException("catboost.structure", "model core has no trees",
          "core@" + core.pos());
    }
    new ModelTrees(f, f.tableAt(trees, "TModelCore.ModelTrees")).check();
    FlatReader.Vec info = f.vector(core, INFO_MAP, 4);
    for (long k = 0; info != null && k < info.length(); k++) {
      FlatReader.Table kv = f.tableAt(info.start() + 4 * k, "InfoMap[" + k + "]");
      if (f.string(kv, 0, MAX_STRING) == null || f.vector(kv, 1, 1) == null) {
        throw new InvalidInputException("catboost.structure", "InfoMap[" + k + "] lacks its"
            + " required key or value", "core@" + kv.pos());
      }
    }
    FlatReader.Vec parts = f.vector(core, MODEL_PART_IDS, 4);
    long partCount = parts == null ? 0 : parts.length();
    for (long k = 0; parts != null && k < partCount; k++) {
      long at = parts.start() + 4 * k;
      long s = at + f.u32(at, "ModelPartIds");
      if (s + 4 > size || f.u32(s, "ModelPartIds") > size - s - 4) {
        throw f.error("ModelPartIds", at, "part id " + k + " runs past the model core");
      }
    }
    long rest = src.size() - HEADER - size;
    if (partCount > 0 && rest == 0) {
      throw new InvalidInputException("catboost.truncated", partCount + " model parts are"
          + " declared but nothing follows the model core", "@" + (HEADER + size));
    }
    if (partCount == 0 && rest > 0) {
      ctx.note("catboost.trailing-data", rest + " bytes follow the model core without a"
          + " declared model part; CatBoost ignores them", "@" + (HEADER + size), "");
    }
  }
}
