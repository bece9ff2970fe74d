package dev.modelgate.format.paddle;

import dev.modelgate.format.protobuf.ProtoLimits;
import dev.modelgate.format.protobuf.ProtoReader;
import dev.modelgate.format.protobuf.WireSniff;
import dev.modelgate.io.ByteSource;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Paddle inference programs ({@code .pdmodel}). A program's operators run when the predictor
 * runs it: besides computation, some call back into Python ({@code py_func}), read or write
 * files at a path the program names ({@code save}, {@code load_combine} ...) or talk to other
 * machines (the parameter-server ops). Paddle's {@code .pdparams} are pickles and are scanned by
 * the pickle handler.
 */
public final class PaddleHandler implements FormatHandler {
  static final String PYTHON = "paddle.python-op";
  static final String FILE = "paddle.file-op";
  static final String NETWORK = "paddle.network-op";
  static final Set<String> PYTHON_OPS = Set.of("py_func", "py_layer", "pylayer");
  static final Set<String> FILE_OPS = Set.of("save", "load", "save_combine", "load_combine",
      "checkpoint_notify", "read_file", "open_files", "create_recordio_file_reader",
      "create_py_reader", "read", "sparse_tensor_load", "save_sparse_table");
  static final Set<String> NETWORK_OPS = Set.of("send", "recv", "listen_and_serv",
      "send_barrier", "fetch_barrier", "prefetch", "send_and_recv", "heter_listen_and_serv",
      "distributed_lookup_table", "distributed_push_sparse", "gen_nccl_id", "c_gen_nccl_id",
      "c_gen_bkcl_id", "c_gen_xccl_id", "rpc_call", "rpc_result");
  private static final int MAX_FINDINGS = 50;

  @Override
  public String format() {
    return "paddle-pdmodel";
  }

  @Override
  public boolean detect(Sniff sniff) {
    byte[] h0 = sniff.head();
    // A broken .pdmodel that starts like a ProgramDesc (blocks, then a BlockDesc's idx) is
    // claimed so that it gets a precise finding instead of none.
    if (sniff.fileName().endsWith(".pdmodel") && h0.length > 2 && h0[0] == 0x0a) {
      return true;
    }
    List<WireSniff.Field> fields = WireSniff.topLevel(sniff.head(), sniff.size(), 16);
    if (fields == null || fields.isEmpty()) {
      return false;
    }
    WireSniff.Field first = fields.get(0);
    if (first.number() != 1 || first.wire() != ProtoReader.LEN || first.value() < 4
        || first.payload() + 3 > sniff.head().length) {
      return false;
    }
    for (WireSniff.Field f : fields) {
      if (f.wire() != ProtoReader.LEN || (f.number() != 1 && f.number() != 4 && f.number() != 5)) {
        return false;
      }
    }
    // BlockDesc starts with idx (field 1) and parent_idx (field 2), both varints.
    byte[] h = sniff.head();
    int p = first.payload();
    if (h[p] != 0x08) {
      return false;
    }
    int q = p + 1;
    while (q < h.length && q < p + 11 && (h[q] & 0x80) != 0) {
      q++;
    }
    return q + 1 < h.length && h[q + 1] == 0x10;
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    String file = src.name().substring(Math.max(src.name().lastIndexOf('/'),
        src.name().lastIndexOf('\\')) + 1);
    ProgramDesc p = ProgramDesc.read(ProtoReader.open(src, "paddle", file, "",
        ProtoLimits.DEFAULT));
    if (p.blocks() == 0) {
      ctx.invalid("paddle.structure", "program has no blocks", file);
    }
    int shown = 0;
    for (OpDesc op : p.ops()) {
      if (shown >= MAX_FINDINGS) {
        break;
      }
      String type = op.type();
      String what = null;
      String rule = null;
      if (PYTHON_OPS.contains(type)) {
        rule = PYTHON;
        what = "calls back into Python";
      } else if (FILE_OPS.contains(type)) {
        rule = FILE;
        what = "reads or writes files";
      } else if (NETWORK_OPS.contains(type)) {
        rule = NETWORK;
        what = "connects to other machines";
      }
      if (rule == null || ctx.policy().userAllows("paddle", type)) {
        continue;
      }
      shown++;
      ctx.malicious(rule, "operator " + clip(type) + " " + what + " when the program runs",
          op.location(), evidence(type, op.strings()));
    }
  }

  private static String evidence(String type, Map<String, String> strings) {
    StringBuilder s = new StringBuilder(clip(type));
    for (Map.Entry<String, String> e : strings.entrySet()) {
      if (e.getKey().contains("path") || e.getKey().contains("endpoint")
          || e.getKey().contains("file")) {
        s.append(' ').append(clip(e.getKey())).append("='").append(clip(e.getValue()))
            .append('\'');
      }
    }
    return s.toString();
  }

  static String clip(String s) {
    String one = s.replaceAll("\\p{Cntrl}", "?");
    return one.length() <= 200 ? one : one.substring(0, 197) + "...";
  }
}
