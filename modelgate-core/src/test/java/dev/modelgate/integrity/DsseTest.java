package dev.modelgate.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DsseTest {
  @Test
  void paeUsesByteLengths() {
    byte[] pae = Dsse.pae("application/vnd.in-toto+json", "{\"é\":1}".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(pae, StandardCharsets.UTF_8))
        .isEqualTo("DSSEv1 28 application/vnd.in-toto+json 8 {\"é\":1}");
  }

  @Test
  void pythonReprOfBytes() {
    assertThat(Dsse.pythonBytesRepr("{\n  \"a\": 'x'\\\t}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("b'{\\n  \"a\": \\'x\\'\\\\\\t}'");
    assertThat(Dsse.pythonBytesRepr("it's".getBytes(StandardCharsets.UTF_8))).isEqualTo("b\"it's\"");
    assertThat(Dsse.pythonBytesRepr(new byte[] {0, (byte) 0xc3, 0x7f})).isEqualTo("b'\\x00\\xc3\\x7f'");
  }

  @Test
  void compatPaeHasCapitalVAndRepr() {
    assertThat(new String(Dsse.paeCompat("{}".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
        .isEqualTo("DSSEV1 28 application/vnd.in-toto+json 2 b'{}'");
  }
}
