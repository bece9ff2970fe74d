package dev.modelgate.format.jinja;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.modelgate.format.protobuf.FuzzScan;
import dev.modelgate.json.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Jazzer target: chat templates in .jinja files and tokenizer configs never fail the handler. */
class ChatTemplateFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void handler(byte[] data) {
    FuzzScan.scan(data, "chat_template.jinja");
    FuzzScan.scan(data, "tokenizer_config.json");
    // the same bytes as a template string inside a well-formed config
    String template = new String(data, StandardCharsets.UTF_8);
    byte[] config = JsonWriter.write(Map.of("chat_template", template), false)
        .getBytes(StandardCharsets.UTF_8);
    FuzzScan.scan(config, "tokenizer_config.json");
  }
}
