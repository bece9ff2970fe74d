package dev.modelgate.format.tensorflow;

import dev.modelgate.format.protobuf.ProtoLimits;
import dev.modelgate.format.protobuf.ProtoReader;
import dev.modelgate.format.protobuf.WireSniff;
import dev.modelgate.io.ByteSource;
import dev.modelgate.spi.Folder;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;
import java.util.List;

/**
 * TensorFlow SavedModel files. {@code saved_model.pb} holds graphs whose ops run when a
 * signature is called; {@code keras_metadata.pb} holds tf.keras layer configs (Lambda layers
 * carry marshalled Python code); {@code fingerprint.pb} is checked for structure only. Variables
 * are data and are not read. Protobuf has no magic number: other names are claimed only when the
 * bytes show the SavedModel layout (schema version 1, then MetaGraphDefs).
 */
public final class SavedModelHandler implements FormatHandler {
  static final String SAVED_MODEL = "saved_model.pb";
  static final String KERAS_METADATA = "keras_metadata.pb";
  static final String FINGERPRINT = "fingerprint.pb";
  /** Read by the loader when no saved_model.pb exists. */
  static final String SAVED_MODEL_TEXT = "saved_model.pbtxt";
  private static final java.util.regex.Pattern TEXT_START = java.util.regex.Pattern.compile(
      "\\A(?:\\s|#[^\\n]*\\n)*(?:saved_model_schema_version\\s*:|meta_graphs\\s*[:{<]|node\\s*[:{<]"
      + "|library\\s*[:{<]|versions\\s*[:{<])");

  @Override
  public String format() {
    return "tf-savedmodel";
  }

  @Override
  public boolean detect(Sniff sniff) {
    String name = sniff.fileName();
    if (name.equals(SAVED_MODEL) || name.equals(SAVED_MODEL_TEXT)) {
      return true; // a loader parses it as a SavedModel whatever it holds
    }
    if (textGraph(name, sniff.head())) {
      return true;
    }
    List<WireSniff.Field> fields = WireSniff.topLevel(sniff.head(), sniff.size(), 16);
    if (fields == null || fields.isEmpty()) {
      return false;
    }
    if (name.equals(KERAS_METADATA) || name.equals(FINGERPRINT)) {
      return true;
    }
    if (name.endsWith(".pb") && frozenGraph(sniff, fields)) {
      return true;
    }
    WireSniff.Field first = fields.get(0);
    if (first.number() != 1 || first.wire() != ProtoReader.VARINT || first.value() != 1
        || fields.size() < 2) {
      return false;
    }
    for (WireSniff.Field f : fields.subList(1, fields.size())) {
      if (f.number() != 2 || f.wire() != ProtoReader.LEN) {
        return false;
      }
    }
    // The MetaGraphDef must start with one of its own message fields 1..7.
    WireSniff.Field meta = fields.get(1);
    if (meta.payload() >= sniff.head().length || meta.value() == 0) {
      return false;
    }
    int tag = sniff.head()[meta.payload()] & 0xff;
    return (tag & 7) == ProtoReader.LEN && (tag >>> 3) >= 1 && (tag >>> 3) <= 7;
  }

  /**
   * A frozen TF1 {@code GraphDef} ({@code *.pb}): node = 1, library = 2, version = 3,
   * versions = 4, debug_info = 5; the first field is a NodeDef starting with its name (field 1).
   */
  private static boolean frozenGraph(Sniff sniff, List<WireSniff.Field> fields) {
    WireSniff.Field first = fields.get(0);
    if (first.number() != 1 || first.wire() != ProtoReader.LEN || first.value() < 2
        || first.payload() >= sniff.head().length || sniff.head()[first.payload()] != 0x0a) {
      return false;
    }
    for (WireSniff.Field f : fields) {
      boolean ok = f.number() == 3 ? f.wire() == ProtoReader.VARINT
          : f.number() >= 1 && f.number() <= 5 && f.wire() == ProtoReader.LEN;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** A {@code .pbtxt} file that starts like a text SavedModel or GraphDef. */
  private static boolean textGraph(String name, byte[] head) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    if (!lower.endsWith(".pbtxt") && !lower.endsWith(".pbtext") && !lower.endsWith(".prototxt")) {
      return false;
    }
    String text = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1);
    return TEXT_START.matcher(text).lookingAt();
  }

  private static boolean isFrozenGraph(String file, ByteSource src) throws IOException {
    byte[] head = src.head(Sniff.HEAD_BYTES);
    List<WireSniff.Field> fields = WireSniff.topLevel(head, src.size(), 16);
    return fields != null && !fields.isEmpty()
        && frozenGraph(new Sniff(file, src.size(), head), fields);
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    String file = fileName(src.name());
    String lower = file.toLowerCase(java.util.Locale.ROOT);
    if (lower.equals(SAVED_MODEL_TEXT) || textGraph(file, src.head(Sniff.HEAD_BYTES))) {
      ctx.format(lower.equals(SAVED_MODEL_TEXT) ? "tf-savedmodel-text" : "tf-graphdef-text");
      SavedModelText.scan(ctx, src, file);
    } else if (lower.equals(KERAS_METADATA)) {
      ProtoReader r = ProtoReader.open(src, "tensorflow", file, "", ProtoLimits.DEFAULT,
          ctx.budget());
      KerasMetadata.scan(ctx, r);
    } else if (lower.equals(FINGERPRINT)) {
      ProtoReader r = ProtoReader.open(src, "tensorflow", file, "", ProtoLimits.DEFAULT,
          ctx.budget());
      Fingerprint.check(ctx, r);
    } else if (!lower.equals(SAVED_MODEL) && isFrozenGraph(file, src)) {
      ctx.format("tf-graphdef");
      ProtoReader r = ProtoReader.open(src, "tensorflow", file, "", ProtoLimits.DEFAULT,
          ctx.budget());
      new SavedModelReader(ctx).frozenGraph(r);
    } else {
      ProtoReader r = ProtoReader.open(src, "tensorflow", file, "", ProtoLimits.DEFAULT,
          ctx.budget());
      new SavedModelReader(ctx).savedModel(r);
    }
  }

  static String fileName(String path) {
    int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    return path.substring(slash + 1);
  }

  /** True when the SavedModel's folder has an {@code assets/} directory bundled with it. */
  static boolean hasAssetsFolder(ScanContext ctx) throws IOException {
    return ctx.folder().isPresent()
        && ctx.folder().get().lookup("assets").kind() == Folder.Kind.DIRECTORY;
  }
}
