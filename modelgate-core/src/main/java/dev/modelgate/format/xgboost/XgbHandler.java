package dev.modelgate.format.xgboost;

import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.SourceReader;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * XGBoost's native model files: JSON ({@code xgboost-json}), UBJSON ({@code xgboost-ubj}) and
 * the old binary format ({@code xgboost-binary}). None of them can carry code (the objective is
 * a name, not a function); what a hostile file can do is make the C++ loader or predictor read
 * out of bounds, loop or allocate without limit, so the structure is checked throughout and
 * every violation is invalid. Pickled Boosters are pickles and judged as such.
 */
public final class XgbHandler implements FormatHandler {
  private static final byte[] UBJ_LEARNER = {'{', 'L', 0, 0, 0, 0, 0, 0, 0, 7,
      'l', 'e', 'a', 'r', 'n', 'e', 'r'};

  @Override
  public String format() {
    return "xgboost";
  }

  @Override
  public boolean detect(Sniff sniff) {
    return sniff.startsWith("binf") || sniff.startsWith(UBJ_LEARNER) || json(sniff.head());
  }

  private static boolean json(byte[] h) {
    int k = 0;
    while (k < h.length && (h[k] == ' ' || h[k] == '\n' || h[k] == '\r' || h[k] == '\t')) {
      k++;
    }
    if (k >= h.length || h[k] != '{') {
      return false;
    }
    String text = new String(h, StandardCharsets.ISO_8859_1);
    return text.contains("\"learner\"") && (text.contains("\"gradient_booster\"")
        || text.contains("\"learner_model_param\""));
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    String file = fileName(src.name());
    byte[] head = src.head(4);
    try {
      if (head.length == 4 && new String(head, StandardCharsets.ISO_8859_1).equals("binf")) {
        ctx.format("xgboost-binary");
        new LegacyBinary(src, file).read();
        ctx.note("xgboost.legacy-binary", "old binary model format: XGBoost 3.1 and later no"
            + " longer load it", file, "");
        return;
      }
      boolean ubj = head.length >= 2 && head[1] == 'L';
      ctx.format(ubj ? "xgboost-ubj" : "xgboost-json");
      int[] trees = {0};
      int[] maxFeature = {-1};
      Doc.Trees sink = (index, tree, location) -> {
        trees[0]++;
        maxFeature[0] = Math.max(maxFeature[0], TreeCheck.check(index, tree, location));
      };
      Doc doc = ubj
          ? new Ubjson(new SourceReader(src, 0, "xgboost", file, ByteOrder.BIG_ENDIAN), sink)
          : new JsonText(new SourceReader(src, 0, "xgboost", file), sink);
      new LearnerCheck(file).check(doc.document(), trees[0], maxFeature[0]);
    } catch (InvalidInputException e) {
      ctx.invalid(e.rule(), e.getMessage(), e.location());
    }
  }

  static String fileName(String path) {
    int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    return path.substring(slash + 1);
  }
}
