package dev.modelgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The shortcut for plain names spells every name exactly as the full normalisation does. */
class CatalogueNormaliseTest {
  private static final String ALPHABET = "aZ09_.. \t\n\u000b\u001c\u007f\u00a0\uff4fé\u0130Kk-$";

  @Test
  void shortcutAgreesWithTheFullNormalisation() {
    Random r = new Random(14);
    for (int n = 0; n < 200_000; n++) {
      StringBuilder b = new StringBuilder();
      int len = r.nextInt(12);
      for (int k = 0; k < len; k++) {
        b.append(r.nextInt(4) == 0 ? ALPHABET.charAt(r.nextInt(ALPHABET.length()))
            : (char) (0x20 + r.nextInt(0x60)));
      }
      String s = b.toString();
      assertThat(Catalogue.normalise(s)).as("'%s'", s).isEqualTo(Catalogue.normaliseFully(s));
    }
    assertThat(Catalogue.normalise("torch._utils._rebuild_tensor_v2"))
        .isEqualTo("torch._utils._rebuild_tensor_v2");
    assertThat(Catalogue.normalise("OS.System")).isEqualTo("os.system");
    assertThat(Catalogue.normalise("os..system")).isEqualTo("os.system");
  }
}
