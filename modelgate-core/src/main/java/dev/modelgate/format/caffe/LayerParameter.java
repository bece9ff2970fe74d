package dev.modelgate.format.caffe;

import dev.modelgate.format.protobuf.ProtoReader;
import dev.modelgate.format.protobuf.TextProto;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One Caffe layer as far as the rules need it: its name and type, its {@code python_param} for
 * {@code type: "Python"} layers, the file {@code hdf5_output_param} writes, and its blobs.
 *
 * @param python module, layer and param_str of a Python layer, or null
 * @param outputFile {@code hdf5_output_param.file_name}, or null
 */
record LayerParameter(String name, String type, @Nullable PythonParameter python,
    @Nullable String outputFile, List<BlobProto> blobs, String location) {
  static final int MAX_TEXT = 1 << 16;

  /** {@code python_param}: pycaffe imports {@code module} and instantiates {@code layer}. */
  record PythonParameter(String module, String layer, String paramStr) {}

  /**
   * Binary LayerParameter: name = 1, type = 2, blobs = 7, hdf5_output_param = 113
   * (file_name = 1), python_param = 130 (module = 1, layer = 2, param_str = 3).
   */
  static LayerParameter read(ProtoReader r, String location) throws IOException {
    String name = "";
    String type = "";
    PythonParameter python = null;
    String output = null;
    List<BlobProto> blobs = new ArrayList<>();
    while (r.next()) {
      switch (r.field()) {
        case 1 -> name = r.lenientString(MAX_TEXT);
        case 2 -> type = r.lenientString(MAX_TEXT);
        case 7 -> {
          String at = r.here();
          blobs.add(BlobProto.read(r.message("blobs[" + blobs.size() + "]"), at));
        }
        case 113 -> output = firstString(r.message("hdf5_output_param"), 1);
        case 130 -> python = python(r.message("python_param"));
        default -> r.skip();
      }
    }
    return new LayerParameter(name, type, python, output, blobs, location);
  }

  /** V1LayerParameter (NetParameter.layers): name = 4, type = 5 (an enum), blobs = 6. */
  static LayerParameter readV1(ProtoReader r, String location) throws IOException {
    String name = "";
    long type = 0;
    List<BlobProto> blobs = new ArrayList<>();
    while (r.next()) {
      switch (r.field()) {
        case 4 -> name = r.lenientString(MAX_TEXT);
        case 5 -> type = r.varint();
        case 6 -> {
          String at = r.here();
          blobs.add(BlobProto.read(r.message("blobs[" + blobs.size() + "]"), at));
        }
        default -> r.skip();
      }
    }
    return new LayerParameter(name, "V1:" + type, null, null, blobs, location);
  }

  private static PythonParameter python(ProtoReader p) throws IOException {
    String module = "";
    String layer = "";
    String param = "";
    while (p.next()) {
      switch (p.field()) {
        case 1 -> module = p.lenientString(MAX_TEXT);
        case 2 -> layer = p.lenientString(MAX_TEXT);
        case 3 -> param = new String(p.bytesPrefix(MAX_TEXT), java.nio.charset.StandardCharsets.UTF_8);
        default -> p.skip();
      }
    }
    return new PythonParameter(module, layer, param);
  }

  private static @Nullable String firstString(ProtoReader m, int field) throws IOException {
    String s = null;
    while (m.next()) {
      if (m.field() == field && m.wireType() == ProtoReader.LEN && s == null) {
        s = m.lenientString(MAX_TEXT);
      } else {
        m.skip();
      }
    }
    return s;
  }

  /** Text form: {@code layer { name: "x" type: "Python" python_param { module: "m" } }}. */
  static LayerParameter read(TextProto.Field l, String location, String file) {
    String name = orEmpty(l.scalar("name"));
    String type = orEmpty(l.scalar("type"));
    PythonParameter python = null;
    TextProto.Field p = l.message("python_param");
    if (p != null) {
      python = new PythonParameter(orEmpty(p.scalar("module")), orEmpty(p.scalar("layer")),
          orEmpty(p.scalar("param_str")));
    }
    TextProto.Field out = l.message("hdf5_output_param");
    List<BlobProto> blobs = new ArrayList<>();
    for (TextProto.Field f : l.fields()) {
      if (f.name().equals("blobs") && f.isMessage()) {
        blobs.add(BlobProto.read(f, file + "@" + f.offset()));
      }
    }
    return new LayerParameter(name, type, python, out == null ? null : out.scalar("file_name"),
        blobs, location);
  }

  private static String orEmpty(@Nullable String s) {
    return s == null ? "" : s;
  }
}
