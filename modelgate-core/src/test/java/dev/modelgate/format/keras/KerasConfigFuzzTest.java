package dev.modelgate.format.keras;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.json.Json;
import dev.modelgate.json.JsonException;
import dev.modelgate.policy.Policy;
import dev.modelgate.rules.Finding;
import java.util.ArrayList;
import java.util.List;

/** Jazzer target: any JSON text is either rejected by the parser or checked without failing. */
class KerasConfigFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void check(String json) {
    if (json == null) {
      return; // Jazzer's first run passes null for a String parameter
    }
    Object v;
    try {
      v = Json.parse(json);
    } catch (JsonException expected) {
      return;
    }
    List<Finding> out = new ArrayList<>();
    KerasConfig.check(v, Policy.defaults(), "config.json", out);
  }
}
