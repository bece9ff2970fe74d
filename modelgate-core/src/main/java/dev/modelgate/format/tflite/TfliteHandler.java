package dev.modelgate.format.tflite;

import dev.modelgate.format.tensorflow.TfOps;
import dev.modelgate.io.ByteSource;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;
import java.util.Set;

/**
 * TensorFlow Lite models: a FlatBuffer with file identifier {@code TFL3} (schema.fbs, public field
 * order). The interpreter dereferences the file's offsets directly, so a bad root or vtable offset
 * crashes it; every table, vector and buffer range is checked here first. Builtin operators are
 * plain computation; custom operators need native code the user registers, and "Flex" operators
 * run full TensorFlow ops, including ones that read and write files.
 */
public final class TfliteHandler implements FormatHandler {
  static final int CUSTOM = 32;
  /** Custom ops that the stock TFLite op resolver registers itself. */
  static final Set<String> BUNDLED_CUSTOM = Set.of("TFLite_Detection_PostProcess",
      "AudioSpectrogram", "Mfcc");
  private static final int MAX_NAME = 4096;

  @Override
  public String format() {
    return "tflite";
  }

  @Override
  public boolean detect(Sniff sniff) {
    byte[] h = sniff.head();
    return h.length >= 8 && h[4] == 'T' && h[5] == 'F' && h[6] == 'L' && h[7] == '3';
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    String file = src.name().substring(Math.max(src.name().lastIndexOf('/'),
        src.name().lastIndexOf('\\')) + 1);
    FlatReader f = new FlatReader(src, file);
    FlatReader.Table model = f.tableAt(0, "Model");
    java.util.Set<Long> flexCodes = new java.util.HashSet<>();
    long opcodes = operatorCodes(ctx, f, model, file, flexCodes);
    long buffers = buffers(f, model);
    FlatReader.Vec subgraphs = f.vector(model, 2, 4);
    if (subgraphs == null || subgraphs.length() == 0) {
      ctx.invalid("tflite.structure", "model has no subgraphs", file + "@" + model.pos());
      return;
    }
    for (long k = 0; k < subgraphs.length(); k++) {
      long at = subgraphs.start() + 4 * k;
      SubGraphCheck.check(ctx, f, f.tableAt(at, "subgraphs[" + k + "]"), opcodes, buffers,
          flexCodes, file);
    }
  }

  /** Walks operator_codes (field 1); returns their count and collects the Flex ones' indices. */
  private static long operatorCodes(ScanContext ctx, FlatReader f, FlatReader.Table model,
      String file, java.util.Set<Long> flexCodes) throws IOException {
    FlatReader.Vec codes = f.vector(model, 1, 4);
    if (codes == null) {
      return 0;
    }
    for (long k = 0; k < codes.length(); k++) {
      long at = codes.start() + 4 * k;
      FlatReader.Table oc = f.tableAt(at, "operator_codes[" + k + "]");
      // OperatorCode: deprecated_builtin_code = 0 (byte), custom_code = 1, builtin_code = 3.
      int code = Math.max(f.i8Field(oc, 0, 0), f.i32Field(oc, 3, 0));
      if (code != CUSTOM) {
        continue;
      }
      String name = f.string(oc, 1, MAX_NAME);
      String loc = file + "@" + oc.pos();
      if (name == null || name.isEmpty()) {
        ctx.invalid("tflite.structure", "operator_codes[" + k + "] is CUSTOM without a name",
            loc);
      } else if (name.startsWith("Flex")) {
        flexCodes.add(k);
        flex(ctx, name, k, loc);
      } else if (!BUNDLED_CUSTOM.contains(name) && !ctx.policy().userAllows("tflite", name)) {
        ctx.suspicious("tflite.custom-op", "operator_codes[" + k + "] is custom op '" + name
            + "', which needs native code registered by the user", loc, name);
      }
    }
    return codes.length();
  }

  private static void flex(ScanContext ctx, String name, long k, String loc) {
    String op = name.substring(4);
    String danger = TfOps.danger(op);
    if (danger != null) {
      ctx.malicious("tflite.flex-" + danger, "operator_codes[" + k + "] runs TensorFlow op "
          + op + " through the Flex delegate, which can " + switch (danger) {
            case "python-callback" -> "run Python code";
            case "network-op" -> "connect to other machines";
            default -> "read or write files";
          }, loc, name);
    } else {
      ctx.suspicious("tflite.flex-op", "operator_codes[" + k + "] runs TensorFlow op " + op
          + " through the Flex (Select TF Ops) delegate" + (TfOps.standard(op) ? ""
          : ", and it is not a standard TensorFlow op"), loc, name);
    }
  }

  /** Checks buffers (field 4): data inside the flatbuffer, or offset/size ranges of the file. */
  private static long buffers(FlatReader f, FlatReader.Table model) throws IOException {
    FlatReader.Vec bufs = f.vector(model, 4, 4);
    if (bufs == null) {
      return 0;
    }
    for (long k = 0; k < bufs.length(); k++) {
      FlatReader.Table b = f.tableAt(bufs.start() + 4 * k, "buffers[" + k + "]");
      f.vector(b, 0, 1);
      long offset = f.u64Field(b, 1, 0);
      long size = f.u64Field(b, 2, 0);
      // Models over 2 GB keep buffers after the flatbuffer; offset is valid only when > 1.
      if (offset > 1 && (size < 0 || offset < 0 || offset > f.size() || size > f.size() - offset)) {
        throw f.error("buffers[" + k + "]", b.pos(), "data at offset "
            + Long.toUnsignedString(offset) + " size " + Long.toUnsignedString(size)
            + " runs past the " + f.size() + "-byte file");
      }
    }
    return bufs.length();
  }
}
