package dev.modelgate.format.coreml;

import dev.modelgate.format.protobuf.ProtoReader;
import dev.modelgate.io.BytesSource;
import dev.modelgate.spi.ScanContext;
import java.io.IOException;

/**
 * Walks a Core ML {@code Model} message (public Model.proto, NeuralNetwork.proto, MIL.proto
 * field numbers) to what can reach outside the file:
 *
 * <ul>
 *   <li>{@code coreml.custom-layer} / {@code coreml.custom-model}: a class name the app must
 *       implement (suspicious);
 *   <li>{@code coreml.linked-model}: another compiled model opened by file name; a name that
 *       leaves the model's folder is {@code coreml.path-traversal} (malicious);
 *   <li>{@code coreml.weights-outside}: an ML Program weight blob named by an absolute path or one
 *       that leaves the package (malicious); a missing or short weight file is invalid;
 *   <li>{@code coreml.serialized-model}: an opaque model for another engine, scanned as a member.
 * </ul>
 * Pipelines nest models; nesting and field counts are bounded by the protobuf reader.
 */
final class CoreMlWalker {
  static final int MAX_NAME = 4096;
  static final int MAX_PIPELINE_DEPTH = 16;
  static final String MODEL_PATH = "@model_path/";

  private final ScanContext ctx;
  private final String file;
  private final Weights weights;

  CoreMlWalker(ScanContext ctx, String file) {
    this.ctx = ctx;
    this.file = file;
    this.weights = new Weights(ctx);
  }

  void model(ProtoReader r, int depth) throws IOException {
    if (depth > MAX_PIPELINE_DEPTH) {
      throw r.error(r.tagOffset(), "pipelines nested deeper than " + MAX_PIPELINE_DEPTH);
    }
    while (r.next()) {
      switch (r.field()) {
        case 200, 201 -> pipelineHolder(r.message("pipeline"), depth);
        case 202 -> pipeline(r.message("pipeline"), depth);
        case 303, 403, 500 -> network(r.message("neuralNetwork"));
        case 502 -> program(r.message("mlProgram"));
        case 555 -> custom(r.message("customModel"), "coreml.custom-model", "custom model");
        case 556 -> linked(r.message("linkedModel"));
        case 3000 -> serialized(r.message("serializedModel"));
        default -> r.skip();
      }
    }
  }

  private void pipelineHolder(ProtoReader r, int depth) throws IOException {
    while (r.next()) {
      if (r.field() == 1) {
        pipeline(r.message("pipeline"), depth);
      } else {
        r.skip();
      }
    }
  }

  private void pipeline(ProtoReader r, int depth) throws IOException {
    while (r.next()) {
      if (r.field() == 1) {
        model(r.message("models"), depth + 1);
      } else {
        r.skip();
      }
    }
  }

  private void network(ProtoReader r) throws IOException {
    while (r.next()) {
      if (r.field() == 1) {
        layer(r.message("layers"));
      } else {
        r.skip();
      }
    }
  }

  private void layer(ProtoReader r) throws IOException {
    String name = "";
    while (r.next()) {
      switch (r.field()) {
        case 1 -> name = r.lenientString(MAX_NAME);
        case 500 -> custom(r.message("custom"), "coreml.custom-layer", "layer '" + name + "' is"
            + " a custom layer");
        case 605 -> branches(r.message("branch"), 1, 2);
        case 615 -> branches(r.message("loop"), 3, 4);
        default -> r.skip();
      }
    }
  }

  /** Branch and loop layers hold whole networks (if/else, condition/body). */
  private void branches(ProtoReader r, int a, int b) throws IOException {
    while (r.next()) {
      if (r.field() == a || r.field() == b) {
        network(r.message("network"));
      } else {
        r.skip();
      }
    }
  }

  private void custom(ProtoReader r, String rule, String what) throws IOException {
    long at = r.tagOffset();
    String cls = "";
    while (r.next()) {
      if (r.field() == 10) {
        cls = r.lenientString(MAX_NAME);
      } else {
        r.skip();
      }
    }
    if (!ctx.policy().userAllows("coreml", cls)) {
      ctx.suspicious(rule, what + " implemented by class '" + cls + "', code the app must"
          + " supply (allow it with --allow coreml." + cls + ")", file + "@" + at, cls);
    }
  }

  private void linked(ProtoReader r) throws IOException {
    long at = r.tagOffset();
    String name = "";
    String search = "";
    while (r.next()) {
      if (r.field() == 1) {
        ProtoReader f = r.message("linkedModelFile");
        while (f.next()) {
          if (f.field() == 1 || f.field() == 2) {
            String v = stringParameter(f.message(f.field() == 1 ? "fileName" : "searchPath"));
            if (f.field() == 1) {
              name = v;
            } else {
              search = v;
            }
          } else {
            f.skip();
          }
        }
      } else {
        r.skip();
      }
    }
    String where = file + "@" + at;
    for (String p : new String[] {name, search}) {
      if (Paths.escapes(p)) {
        ctx.malicious("coreml.path-traversal", "linked model path '" + p + "' leaves the"
            + " model's folder", where, p);
        return;
      }
    }
    ctx.note("coreml.linked-model", "links the compiled model '" + name + "' (search path '"
        + search + "'), opened when this model loads", where, name);
  }

  private static String stringParameter(ProtoReader r) throws IOException {
    String v = "";
    while (r.next()) {
      if (r.field() == 1) {
        v = r.lenientString(MAX_NAME);
      } else {
        r.skip();
      }
    }
    return v;
  }

  private void serialized(ProtoReader r) throws IOException {
    long at = r.tagOffset();
    String id = "";
    byte[] model = null;
    while (r.next()) {
      if (r.field() == 1) {
        id = r.lenientString(MAX_NAME);
      } else if (r.field() == 2) {
        model = r.bytes(ctx.limits().maxMetadataBytes());
      } else {
        r.skip();
      }
    }
    ctx.suspicious("coreml.serialized-model", "holds an opaque serialized model '" + id
        + "' for another loader", file + "@" + at, id);
    if (model != null && model.length > 0) {
      ctx.member("serializedModel", new BytesSource(model, "serializedModel"));
    }
  }

  // --- ML Program (MIL.proto): weights are blobFileValue references into weight files ---

  private void program(ProtoReader r) throws IOException {
    while (r.next()) {
      switch (r.field()) {
        case 2 -> mapValues(r.message("functions"), this::function);
        case 4 -> mapValues(r.message("attributes"), this::value);
        default -> r.skip();
      }
    }
  }

  private interface Part {
    void read(ProtoReader r) throws IOException;
  }

  /** A protobuf map entry: key = 1, value = 2. */
  private static void mapValues(ProtoReader entry, Part value) throws IOException {
    while (entry.next()) {
      if (entry.field() == 2) {
        value.read(entry.message("value"));
      } else {
        entry.skip();
      }
    }
  }

  private void function(ProtoReader r) throws IOException {
    while (r.next()) {
      switch (r.field()) {
        case 3 -> mapValues(r.message("block_specializations"), this::block);
        case 4 -> mapValues(r.message("attributes"), this::value);
        default -> r.skip();
      }
    }
  }

  private void block(ProtoReader r) throws IOException {
    while (r.next()) {
      switch (r.field()) {
        case 3 -> operation(r.message("operations"));
        case 4 -> mapValues(r.message("attributes"), this::value);
        default -> r.skip();
      }
    }
  }

  private void operation(ProtoReader r) throws IOException {
    while (r.next()) {
      switch (r.field()) {
        case 2 -> mapValues(r.message("inputs"), this::argument);
        case 4 -> block(r.message("blocks"));
        case 5 -> mapValues(r.message("attributes"), this::value);
        default -> r.skip();
      }
    }
  }

  private void argument(ProtoReader r) throws IOException {
    while (r.next()) {
      if (r.field() == 1) {
        ProtoReader binding = r.message("arguments");
        while (binding.next()) {
          if (binding.field() == 2) {
            value(binding.message("value"));
          } else {
            binding.skip();
          }
        }
      } else {
        r.skip();
      }
    }
  }

  private void value(ProtoReader r) throws IOException {
    while (r.next()) {
      if (r.field() == 5) {
        blob(r.message("blobFileValue"));
      } else {
        r.skip();
      }
    }
  }

  private void blob(ProtoReader r) throws IOException {
    long at = r.tagOffset();
    String name = "";
    long offset = 0;
    while (r.next()) {
      if (r.field() == 1) {
        name = r.lenientString(MAX_NAME);
      } else if (r.field() == 2) {
        offset = r.varint();
      } else {
        r.skip();
      }
    }
    String where = file + "@" + at;
    if (!name.startsWith(MODEL_PATH) || Paths.escapes(name.substring(MODEL_PATH.length()))) {
      ctx.malicious("coreml.weights-outside", "weights are read from '" + name
          + "', outside the model package", where, name);
      return;
    }
    weights.check(name.substring(MODEL_PATH.length()), offset, where);
  }

  /** Checks blob references against the weight files beside the model, once per file. */
  static final class Weights {
    private final ScanContext ctx;
    private final java.util.Map<String, MilBlobs> files = new java.util.HashMap<>();

    Weights(ScanContext ctx) {
      this.ctx = ctx;
    }

    void check(String relative, long offset, String where) throws IOException {
      if (ctx.folder().isEmpty()) {
        return; // a member or in-memory model: the package's files are not at hand
      }
      dev.modelgate.spi.Folder folder = ctx.folder().get();
      dev.modelgate.spi.Folder.Entry e = folder.lookup(relative);
      if (e.kind() == dev.modelgate.spi.Folder.Kind.OUTSIDE) {
        ctx.malicious("coreml.weights-outside", "weights file '" + relative + "' resolves"
            + " outside the model package (" + e.target() + ")", where, relative);
        return;
      }
      if (!files.containsKey(relative)) {
        MilBlobs read = null;
        if (e.kind() == dev.modelgate.spi.Folder.Kind.FILE) {
          try (dev.modelgate.io.ByteSource src = folder.open(relative)) {
            read = MilBlobs.read(src, relative);
          }
        }
        files.put(relative, read);
      }
      MilBlobs blobs = files.get(relative);
      if (blobs == null) {
        ctx.invalid("coreml.weights-missing", "weights file '" + relative + "' is missing",
            where);
      } else if (!blobs.hasBlobAt(offset)) {
        ctx.invalid("coreml.weights-offset", "no weight blob starts at offset " + offset
            + " of '" + relative + "'", where);
      }
    }
  }

}
