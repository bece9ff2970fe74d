package dev.modelgate.json;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Jazzer target: any bytes either parse or raise {@link JsonException}; nothing else escapes. */
class JsonFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void parse(byte[] data) {
    try {
      Object v = Json.parse(data);
      Json.parse(JsonWriter.write(v, false)); // what we write, we read back
    } catch (JsonException expected) {
      // malformed input is reported, not thrown as anything else
    }
  }
}
