package dev.modelgate.format.caffe;

import dev.modelgate.format.protobuf.ProtoReader;
import dev.modelgate.format.protobuf.TextProto;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Caffe's {@code NetParameter}, the root of both a {@code .prototxt} net definition (text format)
 * and a {@code .caffemodel} (binary): its layers, whether current ({@code layer = 100}) or V1
 * ({@code layers = 2}).
 */
record NetParameter(String name, List<LayerParameter> layers) {

  static NetParameter read(ProtoReader r) throws IOException {
    String name = "";
    List<LayerParameter> layers = new ArrayList<>();
    while (r.next()) {
      switch (r.field()) {
        case 1 -> name = r.lenientString(LayerParameter.MAX_TEXT);
        case 100 -> {
          String at = r.here();
          layers.add(LayerParameter.read(r.message("layer[" + layers.size() + "]"), at));
        }
        case 2 -> {
          String at = r.here();
          layers.add(LayerParameter.readV1(r.message("layers[" + layers.size() + "]"), at));
        }
        default -> r.skip();
      }
    }
    return new NetParameter(name, layers);
  }

  static NetParameter read(List<TextProto.Field> top, String file) {
    String name = "";
    List<LayerParameter> layers = new ArrayList<>();
    for (TextProto.Field f : top) {
      String v = f.value();
      if (f.name().equals("name") && v != null) {
        name = v;
      } else if ((f.name().equals("layer") || f.name().equals("layers")) && f.isMessage()) {
        layers.add(LayerParameter.read(f, file + "@" + f.offset(), file));
      }
    }
    return new NetParameter(name, layers);
  }
}
