package dev.modelgate.format.jinja;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.format.Fixtures;
import dev.modelgate.json.JsonWriter;
import dev.modelgate.ScanOptions;
import dev.modelgate.ScanResult;
import dev.modelgate.Scanner;
import dev.modelgate.rules.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hugging Face tokenizer configs and .jinja files get the GGUF template analysis. */
class ChatTemplateHandlerTest {
  @TempDir
  Path dir;

  private static List<ScanResult> scan(Path f) throws Exception {
    return new Scanner(ScanOptions.defaults()).scanFile(f);
  }

  /** A tokenizer_config.json as transformers writes it: the template after a big token table. */
  private Path config(String name, Object template) throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Object> tokens = new LinkedHashMap<>();
    for (int k = 0; k < 3000; k++) {
      tokens.put(String.valueOf(k), Map.of("content", "<tok" + k + ">", "special", true));
    }
    m.put("added_tokens_decoder", tokens);
    m.put("chat_template", template);
    m.put("model_max_length", 4096L);
    Path f = Files.createDirectories(dir.resolve(name)).resolve("tokenizer_config.json");
    Files.writeString(f, JsonWriter.write(m, true));
    return f;
  }

  @Test
  void realTemplatesInTokenizerConfigsAreClean() throws Exception {
    for (Path t : Fixtures.files("jinja/benign", "")) {
      Path f = config("b-" + t.getFileName(), Files.readString(t));
      assertThat(Files.size(f)).isGreaterThan(64 * 1024); // the template is past the sniffed head
      List<ScanResult> r = scan(f);
      assertThat(r.get(0).format()).as(t.toString()).isEqualTo("chat-template");
      assertThat(r.get(0).verdict()).as(t.toString()).isEqualTo(Verdict.CLEAN);
    }
  }

  @Test
  void injectionsInTokenizerConfigsAndJinjaFilesAreMalicious() throws Exception {
    for (Path t : Fixtures.files("jinja/malicious", "")) {
      String text = Files.readString(t);
      Path f = config("m-" + t.getFileName(), List.of(Map.of("name", "default", "template",
          "{{ bos_token }}"), Map.of("name", "tool_use", "template", text)));
      List<ScanResult> r = scan(f);
      assertThat(r.get(0).verdict()).as(t.toString()).isEqualTo(Verdict.MALICIOUS);
      assertThat(r.get(0).findings().get(0).location()).isEqualTo("chat_template[tool_use]");
      Path jinja = Files.writeString(dir.resolve(t.getFileName() + ".jinja"), text);
      assertThat(scan(jinja).get(0).verdict()).as(t.toString()).isEqualTo(Verdict.MALICIOUS);
    }
  }

  @Test
  void ordinaryJsonAndTextAreNotClaimed() throws Exception {
    Path cfg = Files.writeString(dir.resolve("config.json"), "{\"hidden_size\": 16}");
    assertThat(scan(cfg).get(0).format()).isEqualTo("unknown");
    Path odd = config("odd", 42L);
    assertThat(scan(odd).get(0).verdict()).isEqualTo(Verdict.SUSPICIOUS);
  }
}
