package dev.modelgate.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  @SuppressWarnings("unchecked")
  void parsesValuesKeepingOrderAndNumberKinds() throws Exception {
    Object v = Json.parse("{\"b\": [1, 2.0, -3e2, true, null], \"a\": \"x\\u00e9\\n\"}");
    assertThat(v).isInstanceOf(Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) v;
    assertThat(m.keySet()).containsExactly("b", "a");
    assertThat((List<Object>) m.get("b")).containsExactly(1L, new BigDecimal("2.0"),
        new BigDecimal("-3e2"), true, null);
    assertThat(m.get("a")).isEqualTo("xé\n");
  }

  @Test
  void rejectsWhatLoadersWouldReadDifferently() {
    assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}")).hasMessageContaining("duplicate key");
    assertThatThrownBy(() -> Json.parse("{} x")).hasMessageContaining("trailing");
    assertThatThrownBy(() -> Json.parse("\"\\ud800\"")).hasMessageContaining("surrogate");
    assertThatThrownBy(() -> Json.parse(new byte[] {'"', (byte) 0xff, '"'}))
        .hasMessageContaining("UTF-8");
    assertThatThrownBy(() -> Json.parse("[".repeat(10_000))).hasMessageContaining("nesting");
    assertThatThrownBy(() -> Json.parse("01")).isInstanceOf(JsonException.class);
    assertThatThrownBy(() -> Json.parse("1e99999999999999999")).hasMessageContaining("range");
  }

  @Test
  void writesWhatItReads() throws Exception {
    String text = "{\"k\":[\"q\\\"\\\\\\u0001\",1.5,12345678901234567890,false]}";
    Object v = Json.parse(text);
    assertThat(JsonWriter.write(v, false)).isEqualTo(text);
    assertThat(Json.parse(JsonWriter.write(v, true))).isEqualTo(v);
  }
}
