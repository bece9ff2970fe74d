package dev.modelgate.format.openvino;

import dev.modelgate.format.archive.SourceStream;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.xml.sax.SAXException;

/**
 * OpenVINO IR: a {@code model.xml} graph and the {@code model.bin} beside it that constants
 * read by offset and size. The XML is parsed by {@link IrXml} (no DOCTYPE, so no entity tricks)
 * up to the metadata size limit; constants must lie inside the .bin and match their declared
 * shape and element type, or the runtime reads past the weights. Layers from an operation set
 * other than {@code opsetN} are extension operations: they need a native library the user
 * loads, so they are suspicious.
 */
public final class IrHandler implements FormatHandler {
  /** Bits per element of IR element types; packed types round up to whole bytes. */
  private static final Map<String, Integer> BITS = Map.ofEntries(Map.entry("f64", 64),
      Map.entry("f32", 32), Map.entry("f16", 16), Map.entry("bf16", 16), Map.entry("i64", 64),
      Map.entry("i32", 32), Map.entry("i16", 16), Map.entry("i8", 8), Map.entry("u64", 64),
      Map.entry("u32", 32), Map.entry("u16", 16), Map.entry("u8", 8), Map.entry("boolean", 8),
      Map.entry("u4", 4), Map.entry("i4", 4), Map.entry("u2", 2), Map.entry("u1", 1),
      Map.entry("nf4", 4), Map.entry("f8e4m3", 8), Map.entry("f8e5m2", 8), Map.entry("u3", 3),
      Map.entry("u6", 6), Map.entry("f4e2m1", 4), Map.entry("f8e8m0", 8));

  @Override
  public String format() {
    return "openvino-ir";
  }

  @Override
  public boolean detect(Sniff sniff) {
    String h = new String(sniff.head(), StandardCharsets.ISO_8859_1);
    int k = h.startsWith("\u00ef\u00bb\u00bf") ? 3 : 0;
    while (k < h.length()) {
      while (k < h.length() && Character.isWhitespace(h.charAt(k))) {
        k++;
      }
      if (h.startsWith("<?", k)) {
        k = skipTo(h, k, "?>");
      } else if (h.startsWith("<!--", k)) {
        k = skipTo(h, k, "-->");
      } else if (h.startsWith("<!DOCTYPE", k)) {
        // claimed so that the DOCTYPE is refused here, not handed to a laxer reader
        return h.contains("<net ") && h.contains("<layers");
      } else {
        return h.startsWith("<net ", k) || h.startsWith("<net>", k);
      }
      if (k < 0) {
        return false;
      }
    }
    return false;
  }

  private static int skipTo(String h, int from, String end) {
    int e = h.indexOf(end, from);
    return e < 0 ? -1 : e + end.length();
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    String file = src.name().substring(Math.max(src.name().lastIndexOf('/'),
        src.name().lastIndexOf('\\')) + 1);
    int max = ctx.limits().maxMetadataBytes();
    if (src.size() > max) {
      throw new InvalidInputException("openvino.size", "IR of " + src.size()
          + " bytes exceeds the " + max + "-byte metadata limit", file);
    }
    IrModel m = new IrModel();
    try (InputStream in = new SourceStream(src)) {
      IrXml.parse(in, m);
    } catch (SAXException e) {
      ctx.invalid("openvino.xml", "not XML OpenVINO can read safely: " + e.getMessage(), file);
      return;
    }
    if (!m.netRoot) {
      ctx.invalid("openvino.structure", "the root element is not <net>", file);
      return;
    }
    long version = IrModel.number(m.version);
    if (version < 1 || version > 11) {
      ctx.invalid("openvino.structure", "IR version " + m.version + " is not one OpenVINO"
          + " reads", file);
    }
    for (String e : m.errors) {
      ctx.invalid("openvino.structure", e, file);
    }
    for (IrModel.Extension x : m.extensions) {
      if (!ctx.policy().userAllows("openvino", x.type())) {
        ctx.suspicious("openvino.extension-op", "layer '" + x.layer() + "' is operation "
            + x.type() + " from operation set '" + x.version() + "', an extension whose code"
            + " the user must load (allow it with --allow openvino." + x.type() + ")", file,
            x.version() + "." + x.type());
      }
    }
    weights(ctx, m, file);
  }

  private static void weights(ScanContext ctx, IrModel m, String file) throws IOException {
    for (IrModel.Weight w : m.weights) {
      long need = bytes(w);
      if (need >= 0 && need != w.size()) {
        ctx.invalid("openvino.weights-size", "constant '" + w.layer() + "' of " + w.shape()
            + " " + w.elementType() + " needs " + need + " bytes but declares " + w.size(),
            file);
      }
    }
    if (m.weights.isEmpty()) {
      return;
    }
    String base = file.endsWith(".xml") ? file.substring(0, file.length() - 4) : file;
    if (ctx.folder().isEmpty()) {
      ctx.note("openvino.weights-unchecked", "weights live in " + base + ".bin, which is not"
          + " at hand here", file, "");
      return;
    }
    dev.modelgate.spi.Folder.Entry bin = ctx.folder().get().lookup(base + ".bin");
    if (bin.kind() != dev.modelgate.spi.Folder.Kind.FILE) {
      ctx.invalid("openvino.weights-missing", m.weights.size() + " constants read from "
          + base + ".bin, which is " + (bin.kind() == dev.modelgate.spi.Folder.Kind.OUTSIDE
          ? "a link out of the folder (" + bin.target() + ")" : "missing"), file);
      return;
    }
    long size = bin.size();
    for (IrModel.Weight w : m.weights) {
      if (w.offset() > size || w.size() > size - w.offset()) {
        ctx.invalid("openvino.weights-range", "constant '" + w.layer() + "' reads bytes "
            + w.offset() + "+" + w.size() + " of the " + size + "-byte " + base + ".bin",
            file);
      }
    }
  }

  /** Bytes a constant of this shape and type holds, or -1 when that cannot be worked out. */
  static long bytes(IrModel.Weight w) {
    Integer bits = w.elementType() == null ? null : BITS.get(w.elementType());
    if (bits == null || w.shape() == null) {
      return -1;
    }
    long n = 1;
    String s = w.shape().strip();
    if (!s.isEmpty()) {
      for (String d : s.split(",", 0)) {
        long v = IrModel.number(d.strip());
        if (v < 0) {
          return -1;
        }
        try {
          n = Math.multiplyExact(n, v);
        } catch (ArithmeticException e) {
          return Long.MAX_VALUE;
        }
      }
    }
    if (n > Long.MAX_VALUE / bits) {
      return Long.MAX_VALUE;
    }
    return (n * bits + 7) / 8;
  }
}
