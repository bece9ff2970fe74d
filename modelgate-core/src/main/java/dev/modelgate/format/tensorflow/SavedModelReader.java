package dev.modelgate.format.tensorflow;

import dev.modelgate.format.protobuf.ProtoReader;
import dev.modelgate.spi.ScanContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads {@code SavedModel} (saved_model.proto: saved_model_schema_version = 1, meta_graphs = 2)
 * and each {@code MetaGraphDef} (meta_graph.proto: graph_def = 2, asset_file_def = 6), then runs
 * {@link OpRules} over every graph and library function once the meta graph is complete, because
 * asset definitions come after the graph in the file.
 */
final class SavedModelReader {
  private final ScanContext ctx;

  SavedModelReader(ScanContext ctx) {
    this.ctx = ctx;
  }

  void savedModel(ProtoReader r) throws IOException {
    int metas = 0;
    boolean version = false;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> {
          long v = r.varint();
          version = true;
          if (v != 1) {
            ctx.note("tensorflow.schema-version", "saved_model_schema_version is " + v
                + " (TensorFlow writes 1)", r.here(), "");
          }
        }
        case 2 -> metaGraph(r.message("meta_graphs[" + metas++ + "]"));
        default -> r.skip(); // fields added by later TensorFlow versions
      }
    }
    if (metas == 0) {
      ctx.invalid("tensorflow.structure", "SavedModel has no meta graph"
          + (version ? "" : " and no schema version"), "");
    }
  }

  /** A frozen GraphDef on its own: no assets, so any table file is fixed or fed by the caller. */
  void frozenGraph(ProtoReader r) throws IOException {
    GraphDefReader graphs = new GraphDefReader();
    graphs.graphDef(r);
    for (TfGraph g : graphs.graphs) {
      OpRules.check(ctx, g, graphs.functionNames, false, Set.of());
    }
  }

  private void metaGraph(ProtoReader m) throws IOException {
    GraphDefReader graphs = new GraphDefReader();
    Set<String> assetTensors = new HashSet<>();
    int assets = 0;
    while (m.next()) {
      switch (m.field()) {
        case 2 -> graphs.graphDef(m.message("graph_def"));
        case 6 -> {
          assets++;
          asset(m.message("asset_file_def[" + (assets - 1) + "]"), assetTensors);
        }
        default -> m.skip();
      }
    }
    boolean bundled = assets > 0 || SavedModelHandler.hasAssetsFolder(ctx);
    for (TfGraph g : graphs.graphs) {
      OpRules.check(ctx, g, graphs.functionNames, bundled, assetTensors);
    }
  }

  /** AssetFileDef: tensor_info = 1 (TensorInfo name = 1), filename = 2. */
  private void asset(ProtoReader a, Set<String> assetTensors) throws IOException {
    while (a.next()) {
      switch (a.field()) {
        case 1 -> {
          ProtoReader info = a.message("tensor_info");
          while (info.next()) {
            if (info.field() == 1) {
              assetTensors.add(TfNode.producer(info.lenientString(GraphDefReader.MAX_TEXT)));
            } else {
              info.skip();
            }
          }
        }
        case 2 -> {
          String at = a.here();
          String name = a.lenientString(GraphDefReader.MAX_TEXT);
          if (escapes(name)) {
            ctx.malicious("tensorflow.asset-traversal", a.path() + " names asset '" + name
                + "', which the loader resolves outside the SavedModel's assets folder", at,
                "filename='" + name + "'");
          }
        }
        default -> a.skip();
      }
    }
  }

  /** An asset file name must be a plain relative path below assets/. */
  static boolean escapes(String name) {
    if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains(":")
        || name.indexOf('\0') >= 0) {
      return true;
    }
    for (String part : name.split("/", -1)) {
      if (part.equals("..")) {
        return true;
      }
    }
    return Path.of(name).isAbsolute();
  }
}
