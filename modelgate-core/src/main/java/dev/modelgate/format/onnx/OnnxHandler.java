package dev.modelgate.format.onnx;

import dev.modelgate.format.protobuf.ProtoLimits;
import dev.modelgate.format.protobuf.ProtoReader;
import dev.modelgate.format.protobuf.WireSniff;
import dev.modelgate.io.ByteSource;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * ONNX models ({@code ModelProto} in protobuf wire format). Nothing in an ONNX file is code; the
 * risks are external-data references that make a loader read files outside the model folder,
 * custom operator domains that need a native library the user must supply, and tensor headers
 * that make loaders allocate or index out of range.
 */
public final class OnnxHandler implements FormatHandler {
  /** ModelProto top-level fields and their wire types (public onnx.proto field numbers). */
  private static final Set<Integer> VARINT_FIELDS = Set.of(1, 5);
  private static final Set<Integer> LEN_FIELDS = Set.of(2, 3, 4, 6, 7, 8, 14, 20, 25, 26);

  @Override
  public String format() {
    return "onnx";
  }

  @Override
  public boolean detect(Sniff sniff) {
    if (sniff.head().length == 0) {
      return false;
    }
    // A file named .onnx that starts like a ModelProto (ir_version tag) is claimed so that a
    // broken one gets a precise finding; anything else must show the ModelProto layout.
    if (sniff.fileName().endsWith(".onnx") && (sniff.head()[0] & 0xff) == 0x08) {
      return true;
    }
    List<WireSniff.Field> fields = WireSniff.topLevel(sniff.head(), sniff.size(), 64);
    if (fields == null || fields.isEmpty()) {
      return false;
    }
    WireSniff.Field first = fields.get(0);
    if (first.number() != 1 || first.wire() != ProtoReader.VARINT || first.value() < 1
        || first.value() > 100) {
      return false;
    }
    boolean graph = false;
    for (WireSniff.Field f : fields) {
      boolean ok = f.wire() == ProtoReader.VARINT ? VARINT_FIELDS.contains(f.number())
          : f.wire() == ProtoReader.LEN && LEN_FIELDS.contains(f.number());
      if (!ok) {
        return false;
      }
      graph |= f.number() == 7;
    }
    return graph;
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    String file = fileName(src.name());
    ProtoReader r = ProtoReader.open(src, "onnx", file, "", ProtoLimits.DEFAULT,
          ctx.budget());
    new OnnxWalker(ctx).model(r);
  }

  static String fileName(String path) {
    int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    return path.substring(slash + 1);
  }
}
