package dev.modelgate.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlTest {
  static Object parse(String s) throws YamlException {
    return Yaml.parse(s.getBytes(StandardCharsets.UTF_8), Yaml.Limits.DEFAULT);
  }

  @Test
  void blockMappingsSequencesAndScalars() throws YamlException {
    Object o = parse("""
        # NeMo-like
        ---
        name: 'it''s'
        model:
          _target_: nemo.collections.asr.models.EncDecCTCModel   # trailing comment
          labels:
          - ' '
          - a
          layers:
            - filters: 32
              kernel: [11, 13]
            - {filters: 64, kernel: [3]}
          note: "tab\\there \\u00e9"
          empty:
          long: a plain scalar
            folded over lines
          text: |
            line one
            line two
        """);
    Map<?, ?> m = (Map<?, ?>) o;
    assertThat(m.get("name")).isEqualTo("it's");
    Map<?, ?> model = (Map<?, ?>) m.get("model");
    assertThat(model.get("_target_")).isEqualTo("nemo.collections.asr.models.EncDecCTCModel");
    assertThat(model.get("labels")).isEqualTo(List.of(" ", "a"));
    List<?> layers = (List<?>) model.get("layers");
    assertThat(((Map<?, ?>) layers.get(0)).get("kernel")).isEqualTo(List.of("11", "13"));
    assertThat(((Map<?, ?>) layers.get(1)).get("filters")).isEqualTo("64");
    assertThat(model.get("note")).isEqualTo("tab\there \u00e9");
    assertThat(model.containsKey("empty")).isTrue();
    assertThat(model.get("empty")).isNull();
    assertThat(model.get("long")).isEqualTo("a plain scalar folded over lines");
    assertThat(model.get("text")).isEqualTo("line one\nline two\n");
  }

  @Test
  void quotedScalarsAndFlowCollectionsSpanLines() throws YamlException {
    Map<?, ?> m = (Map<?, ?>) parse("""
        a: "first
          second \\" end"
        b: 'it''s
          folded'
        c: [one, "t,wo",
          {k: v}]
        """);
    assertThat(m.get("a")).isEqualTo("first second \" end");
    assertThat(m.get("b")).isEqualTo("it's folded");
    assertThat(m.get("c")).isEqualTo(List.of("one", "t,wo", Map.of("k", "v")));
  }

  @Test
  void aValueSpreadOverTooManyLinesIsALimit() {
    String big = "a: [x" + ",\n  x".repeat(500_000) + "]\n";
    assertThatThrownBy(() -> parse(big)).matches(e -> ((YamlException) e).limit());
  }

  @Test
  void walkFindsNestedTargetsOnceThroughAliases() throws YamlException {
    Object o = parse("""
        base: &enc
          _target_: os.system
        copy1: *enc
        copy2: *enc
        list:
        - _target_: torch.nn.Linear
        """);
    List<String> targets = new ArrayList<>();
    Yaml.walk(o, (path, key, value) -> {
      if (key.equals("_target_")) {
        targets.add(path + "=" + value);
      }
    });
    assertThat(targets).containsExactly("base._target_=os.system",
        "list[0]._target_=torch.nn.Linear");
  }

  @Test
  void tagsAreKept() throws YamlException {
    Map<?, ?> m = (Map<?, ?>) parse("x: !!python/object/apply:os.system ['id']\ny: !!str 3\n");
    assertThat(m.get("x")).isEqualTo(new Yaml.Tagged("!!python/object/apply:os.system",
        List.of("id")));
    assertThat(m.get("y")).isEqualTo("3");
  }

  @Test
  void billionLaughsIsALimitNotAnExpansion() {
    StringBuilder s = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    String prev = "a";
    for (char k = 'b'; k <= 'j'; k++) {
      s.append(k).append(": &").append(k).append(" [");
      for (int n = 0; n < 9; n++) {
        s.append(n == 0 ? "" : ", ").append('*').append(prev);
      }
      s.append("]\n");
      prev = String.valueOf(k);
    }
    assertThatThrownBy(() -> parse(s.toString())).isInstanceOf(YamlException.class)
        .matches(e -> ((YamlException) e).limit()).hasMessageContaining("aliases expand");
  }

  @Test
  void refusesWhatItCannotReadFaithfully() {
    assertThatThrownBy(() -> parse("a: 1\na: 2\n")).hasMessageContaining("duplicate key");
    assertThatThrownBy(() -> parse("a: *nope\n")).hasMessageContaining("names no anchor");
    assertThatThrownBy(() -> parse("a: 1\n---\nb: 2\n")).hasMessageContaining("more than one");
    assertThatThrownBy(() -> parse("? complex\n: key\n")).isInstanceOf(YamlException.class);
    assertThatThrownBy(() -> parse("a: \"open\n")).hasMessageContaining("unterminated");
    assertThatThrownBy(() -> parse("a: [1, 2\n")).hasMessageContaining("unterminated");
    StringBuilder deep = new StringBuilder();
    for (int k = 0; k < 200; k++) {
      deep.append(" ".repeat(k)).append("k:\n");
    }
    assertThatThrownBy(() -> parse(deep.toString())).matches(e -> ((YamlException) e).limit());
  }
}
