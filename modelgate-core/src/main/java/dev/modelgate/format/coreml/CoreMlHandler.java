package dev.modelgate.format.coreml;

import dev.modelgate.format.protobuf.ProtoLimits;
import dev.modelgate.format.protobuf.ProtoReader;
import dev.modelgate.format.protobuf.WireSniff;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;
import java.util.List;

/**
 * Core ML model specifications ({@code .mlmodel}, also {@code Data/com.apple.CoreML/model.mlmodel}
 * inside an {@code .mlpackage}): a protobuf {@code CoreML.Specification.Model}. Core ML runs no
 * code from the file, but custom layers and custom models name Objective-C/Swift classes the app
 * must supply, linked models and ML Program weights name files to open, and a serialized model
 * is an opaque blob for another loader; see {@link CoreMlWalker}.
 */
public final class CoreMlHandler implements FormatHandler {
  /** The Model.Type oneof's field numbers start at 200; ONNX and TF protos never use them. */
  static final int FIRST_TYPE_FIELD = 200;

  @Override
  public String format() {
    return "coreml";
  }

  @Override
  public boolean detect(Sniff sniff) {
    // named .mlmodel and starting with specificationVersion: claimed so a broken one is reported
    if (sniff.fileName().endsWith(".mlmodel") && sniff.head().length > 0
        && sniff.head()[0] == 0x08) {
      return true;
    }
    List<WireSniff.Field> fields = WireSniff.topLevel(sniff.head(), sniff.size(), 16);
    if (fields == null || fields.isEmpty() || !specificationVersion(fields.get(0))) {
      return false;
    }
    boolean type = false;
    for (WireSniff.Field f : fields) {
      int n = f.number();
      if (n != 1 && n != 2 && n != 10 && (n < FIRST_TYPE_FIELD || n > 3000)) {
        return false;
      }
      type |= n >= FIRST_TYPE_FIELD;
    }
    // a long description can push the type field past the sniffed head: then the name decides
    return type || (sniff.fileName().endsWith(".mlmodel") && fields.size() >= 2
        && fields.get(1).number() == 2);
  }

  /** Field 1, a small varint: the spec version Core ML checks before anything else. */
  private static boolean specificationVersion(WireSniff.Field f) {
    return f.number() == 1 && f.wire() == ProtoReader.VARINT && f.value() >= 1
        && f.value() <= 100;
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    String file = src.name().substring(Math.max(src.name().lastIndexOf('/'),
        src.name().lastIndexOf('\\')) + 1);
    try {
      new CoreMlWalker(ctx, file).model(ProtoReader.open(src, "coreml", file, "",
          ProtoLimits.DEFAULT), 0);
    } catch (InvalidInputException e) {
      ctx.invalid(e.rule(), e.getMessage(), e.location());
    }
  }
}
