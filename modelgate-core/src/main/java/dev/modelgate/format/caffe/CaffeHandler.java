package dev.modelgate.format.caffe;

import dev.modelgate.format.protobuf.ProtoLimits;
import dev.modelgate.format.protobuf.ProtoReader;
import dev.modelgate.format.protobuf.TextProto;
import dev.modelgate.format.protobuf.WireSniff;
import dev.modelgate.io.ByteSource;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Caffe nets: {@code .prototxt} definitions (protobuf text) and {@code .caffemodel} weights
 * (binary), both a {@code NetParameter}. Most layers are computation; a {@code type: "Python"}
 * layer makes pycaffe import {@code python_param.module} and instantiate its class when the net
 * is built, and an {@code HDF5Output} layer creates (truncating) the file it names. Blobs whose
 * shape and value count disagree make Caffe abort on load.
 */
public final class CaffeHandler implements FormatHandler {
  /** Larger text nets are not parsed in memory; real ones are a few hundred kilobytes. */
  static final int MAX_TEXT_BYTES = 64 << 20;
  /** NetParameter fields and their wire types (caffe.proto). */
  private static final Map<Integer, Integer> NET_FIELDS = Map.of(1, ProtoReader.LEN,
      2, ProtoReader.LEN, 3, ProtoReader.LEN, 4, ProtoReader.VARINT, 5, ProtoReader.VARINT,
      6, ProtoReader.LEN, 7, ProtoReader.VARINT, 8, ProtoReader.LEN, 100, ProtoReader.LEN);
  /** A prototxt starts with NetParameter fields and has a layer among its first fields. */
  private static final Pattern TEXT_START = Pattern.compile("\\A(?:\\s|#[^\\n]*\\n)*(?:name|input"
      + "|input_shape|input_dim|force_backward|state|debug_info|layers?)\\s*[:{]");
  private static final Pattern TEXT_LAYER = Pattern.compile("(?m)^layers?\\s*\\{");

  @Override
  public String format() {
    return "caffe";
  }

  @Override
  public boolean detect(Sniff sniff) {
    return binary(sniff) || text(sniff.head());
  }

  private static boolean binary(Sniff sniff) {
    byte[] h = sniff.head();
    // A broken .caffemodel that starts like a NetParameter (name, or layer = 100) is claimed so
    // that it gets a precise finding instead of none.
    if (sniff.fileName().endsWith(".caffemodel") && h.length > 1
        && (h[0] == 0x0a || ((h[0] & 0xff) == 0xa2 && h[1] == 0x06))) {
      return true;
    }
    List<WireSniff.Field> fields = WireSniff.topLevel(sniff.head(), sniff.size(), 32);
    if (fields == null || fields.isEmpty()) {
      return false;
    }
    boolean layers = false;
    for (WireSniff.Field f : fields) {
      Integer wire = NET_FIELDS.get(f.number());
      if (wire == null || wire != f.wire()) {
        return false;
      }
      if (f.number() == 1 && !printable(sniff.head(), f)) {
        return false; // a GraphDef starts with a NodeDef message here, never text
      }
      layers |= f.number() == 100 || f.number() == 2;
    }
    return layers;
  }

  private static boolean printable(byte[] head, WireSniff.Field f) {
    int end = (int) Math.min(head.length, f.payload() + f.value());
    for (int k = f.payload(); k < end; k++) {
      int c = head[k] & 0xff;
      if (c < 0x20 || c == 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static boolean text(byte[] head) {
    String s = new String(head, StandardCharsets.ISO_8859_1);
    return TEXT_START.matcher(s).find() && TEXT_LAYER.matcher(s).find();
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    String file = src.name().substring(Math.max(src.name().lastIndexOf('/'),
        src.name().lastIndexOf('\\')) + 1);
    byte[] head = src.head(Sniff.HEAD_BYTES);
    NetParameter net;
    if (text(head)) {
      ctx.format("caffe-prototxt");
      if (src.size() > MAX_TEXT_BYTES) {
        ctx.suspicious("caffe.text-too-large", "text-format net of " + src.size()
            + " bytes is larger than the " + MAX_TEXT_BYTES + " bytes scanned; its layers were"
            + " not checked", file, "");
        return;
      }
      try {
        net = NetParameter.read(TextProto.parse(src.bytes(0, (int) src.size())), file);
      } catch (TextProto.Syntax e) {
        ctx.invalid("caffe.text-syntax", "not valid protobuf text format: " + e.getMessage(),
            file + "@" + e.offset());
        return;
      }
    } else {
      net = NetParameter.read(ProtoReader.open(src, "caffe", file, "", ProtoLimits.DEFAULT));
    }
    if (net.layers().isEmpty()) {
      ctx.invalid("caffe.structure", "net has no layers", file);
    }
    CaffeRules.check(ctx, net);
  }
}
