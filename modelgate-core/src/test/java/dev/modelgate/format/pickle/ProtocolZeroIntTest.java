package dev.modelgate.format.pickle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.io.BytesSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Protocol-0 INT and LONG read as CPython's _pickle reads them (values checked with Python). */
class ProtocolZeroIntTest {
  private static PickleDescription run(String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    return new PickleMachine(new BytesSource(b, "t"), 0, "t").run();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "I010|8", "I0x10|16", "I+1|True", "I 1|True", "I01|True", "I00|False", "I1|1",
      "I1_0|10", "I0b11|3", "I 7 |7", "I-0x1f|-31", "I99999999999999999999|99999999999999999999",
      "L0x10L|16", "L0o10|8", "L123L|123"})
  void integersMatchCPython(String op, String expected) throws IOException {
    PickleDescription d = run(op + "\n.");
    assertThat(d.cleanEnd()).isTrue();
    assertThat(Render.value(d.result())).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"I", "L010L", "I08", "I0x", "I1__0", "Iabc"})
  void literalsCPythonRejectsBreakTheMachine(String op) throws IOException {
    PickleDescription d = run(op + "\n.");
    assertThat(d.cleanEnd()).isFalse();
    assertThat(d.error().rule()).isEqualTo("pickle.malformed");
  }
}
