package dev.modelgate.format.keras;

import dev.modelgate.io.InvalidInputException;
import dev.modelgate.json.Json;
import dev.modelgate.json.JsonException;
import dev.modelgate.rules.Finding;
import dev.modelgate.spi.ScanContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Parses a Keras config JSON text and reports the {@link KerasConfig} findings. */
final class KerasConfigs {
  private KerasConfigs() {}

  static void check(ScanContext ctx, String json, String location) {
    check(ctx, json.getBytes(StandardCharsets.UTF_8), location);
  }

  static void check(ScanContext ctx, byte[] json, String location) {
    Object v;
    try {
      v = Json.parse(json, ctx.budget(), location);
    } catch (InvalidInputException e) {
      ctx.invalid(e.rule(), location + ": " + e.getMessage(), location);
      return;
    } catch (JsonException e) {
      // Keras' json.loads would reject it too, or (duplicate keys) read it differently.
      ctx.invalid("keras.config-json", location + " is not valid JSON: " + e.getMessage(),
          location);
      return;
    }
    if (v != null) {
      report(ctx, v, location);
    }
  }

  /** metadata.json carries no objects to deserialise, but must still be JSON Keras can read. */
  static void parseOnly(ScanContext ctx, byte[] json, String location) {
    try {
      Json.parse(json, ctx.budget(), location);
    } catch (InvalidInputException e) {
      ctx.invalid(e.rule(), location + ": " + e.getMessage(), location);
    } catch (JsonException e) {
      ctx.invalid("keras.config-json", location + " is not valid JSON: " + e.getMessage(),
          location);
    }
  }

  private static void report(ScanContext ctx, Object v, String location) {
    List<Finding> out = new ArrayList<>();
    KerasConfig.check(v, ctx.policy(), location, out);
    out.forEach(ctx::add);
  }
}
