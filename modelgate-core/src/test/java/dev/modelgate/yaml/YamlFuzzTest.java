package dev.modelgate.yaml;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Jazzer target: any bytes either parse, with aliases walked once, or raise YamlException. */
class YamlFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void parse(byte[] data) {
    try {
      Object o = Yaml.parse(data, new Yaml.Limits(50, 100_000, 1_000_000));
      Yaml.walk(o, (path, key, value) -> { });
    } catch (YamlException expected) {
      // malformed or over a limit
    }
  }
}
