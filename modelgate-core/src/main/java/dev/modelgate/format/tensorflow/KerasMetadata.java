package dev.modelgate.format.tensorflow;

import dev.modelgate.format.protobuf.ProtoReader;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.json.Json;
import dev.modelgate.json.JsonException;
import dev.modelgate.spi.ScanContext;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code keras_metadata.pb} of a tf.keras (Keras 2) SavedModel: {@code SavedMetadata} (nodes = 1)
 * of {@code SavedObject} (node_id = 2, node_path = 3, identifier = 4, metadata = 5 as JSON).
 * tf.keras rebuilds layers from that JSON; a {@code Lambda} layer with function_type "lambda"
 * carries marshalled Python bytecode that runs when the model is loaded and called.
 */
final class KerasMetadata {
  private static final int MAX_JSON = 64 << 20;
  private static final int MAX_VISITS = 5_000_000;

  private KerasMetadata() {}

  static void scan(ScanContext ctx, ProtoReader r) throws IOException {
    ctx.format("tf-keras-metadata");
    int k = 0;
    while (r.next()) {
      if (r.field() != 1) {
        r.skip();
        continue;
      }
      ProtoReader node = r.message("nodes[" + k++ + "]");
      while (node.next()) {
        if (node.field() == 5) {
          String at = node.here();
          byte[] json = node.bytes(MAX_JSON);
          check(ctx, node.path(), at, json);
        } else {
          node.skip();
        }
      }
    }
  }

  private static void check(ScanContext ctx, String path, String at, byte[] json) {
    Object doc;
    try {
      doc = Json.parse(json, ctx.budget(), at);
    } catch (InvalidInputException e) {
      ctx.invalid(e.rule(), path + ": " + e.getMessage(), at);
      return;
    } catch (JsonException e) {
      ctx.invalid("tensorflow.keras-metadata", path + ": metadata is not valid JSON: "
          + e.getMessage(), at);
      return;
    }
    Deque<Object> todo = new ArrayDeque<>();
    pushIfContainer(todo, doc); // the JSON document `null` parses to null: nothing to walk
    int visits = 0;
    while (!todo.isEmpty() && visits++ < MAX_VISITS) {
      Object o = todo.pop();
      if (o instanceof Map<?, ?> m) {
        if ("Lambda".equals(m.get("class_name")) && m.get("config") instanceof Map<?, ?> c) {
          lambda(ctx, path, at, c);
        }
        m.values().forEach(v -> pushIfContainer(todo, v));
      } else if (o instanceof List<?> l) {
        l.forEach(v -> pushIfContainer(todo, v));
      }
    }
  }

  private static void pushIfContainer(Deque<Object> todo, @Nullable Object v) {
    if (v instanceof Map<?, ?> || v instanceof List<?>) {
      todo.push(v);
    }
  }

  private static void lambda(ScanContext ctx, String path, String at, Map<?, ?> config) {
    Object type = config.get("function_type");
    Object fn = config.get("function");
    String name = String.valueOf(config.get("name"));
    String shown = fn instanceof List<?> l && !l.isEmpty() ? String.valueOf(l.get(0)) : String
        .valueOf(fn);
    if (shown.length() > 120) {
      shown = shown.substring(0, 120) + "...";
    }
    if ("lambda".equals(type) || fn instanceof List<?> || (fn instanceof String && type == null)) {
      ctx.malicious("tensorflow.keras-metadata-lambda", path + ": Lambda layer '" + name
          + "' carries marshalled Python code that runs when the model is used", at,
          "Lambda(function='" + shown + "')");
    } else {
      ctx.suspicious("tensorflow.keras-metadata-lambda", path + ": Lambda layer '" + name
          + "' calls a function looked up by name at load time", at,
          "Lambda(function=" + shown + ")");
    }
  }
}
