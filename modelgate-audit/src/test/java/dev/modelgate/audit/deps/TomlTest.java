package dev.modelgate.audit.deps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TomlTest {
  @Test
  void readsTheValueKindsLockFilesUse() throws Exception {
    Map<String, Object> d = Toml.parse("""
        # comment
        a = 1_000
        b.c = "x\\u00e9\\n"
        'lit' = 'C:\\path'
        arr = [1, 2,
          3,  # trailing comma and comments
        ]
        inline = { x = true, y.z = -0.5e1 }
        ml = \"""
        one \\
          two\"""
        lit_ml = '''
        raw \\n'''
        hex = 0xff
        when = 1979-05-27 07:32:00Z

        [t."quoted.key"]
        k = "v"

        [[pkg]]
        name = "a"
        [[pkg]]
        name = "b"
        [pkg.sub]
        s = 1
        """);
    assertThat(d.get("a")).isEqualTo(1000L);
    assertThat(((Map<?, ?>) d.get("b")).get("c")).isEqualTo("xé\n");
    assertThat(d.get("lit")).isEqualTo("C:\\path");
    assertThat(d.get("arr")).isEqualTo(List.of(1L, 2L, 3L));
    assertThat(((Map<?, ?>) ((Map<?, ?>) d.get("inline")).get("y")).get("z")).isEqualTo(-5.0);
    assertThat(d.get("ml")).isEqualTo("one two");
    assertThat(d.get("lit_ml")).isEqualTo("raw \\n");
    assertThat(d.get("hex")).isEqualTo(255L);
    assertThat(d.get("when")).isEqualTo("1979-05-27 07:32:00Z");
    assertThat(((Map<?, ?>) ((Map<?, ?>) d.get("t")).get("quoted.key")).get("k")).isEqualTo("v");
    List<?> pkg = (List<?>) d.get("pkg");
    assertThat(pkg).hasSize(2);
    assertThat(((Map<?, ?>) ((Map<?, ?>) pkg.get(1)).get("sub")).get("s")).isEqualTo(1L);
  }

  @Test
  void isStrictWhereReadersDisagree() {
    assertThatThrownBy(() -> Toml.parse("a = 1\na = 2\n")).hasMessageContaining("duplicate");
    assertThatThrownBy(() -> Toml.parse("[t]\n[t]\n")).hasMessageContaining("defined twice");
    assertThatThrownBy(() -> Toml.parse("t = {a = 1}\n[t]\n")).isInstanceOf(Toml.TomlException.class);
    assertThatThrownBy(() -> Toml.parse("t = {a = 1}\nt.b = 2\n")).isInstanceOf(Toml.TomlException.class);
    assertThatThrownBy(() -> Toml.parse("a = [1]\n[[a]]\n")).isInstanceOf(Toml.TomlException.class);
    assertThatThrownBy(() -> Toml.parse("a = \"open\n")).hasMessageContaining("line 1");
    assertThatThrownBy(() -> Toml.parse("a = 1 b = 2\n")).hasMessageContaining("end of the line");
    assertThatThrownBy(() -> Toml.parse("a = 01\n")).hasMessageContaining("not a TOML value");
    assertThatThrownBy(() -> Toml.parse("a = \"\\x\"\n")).hasMessageContaining("invalid escape");
    assertThatThrownBy(() -> Toml.parse("a = " + "[".repeat(100) + "]".repeat(100) + "\n"))
        .hasMessageContaining("nesting");
  }
}
