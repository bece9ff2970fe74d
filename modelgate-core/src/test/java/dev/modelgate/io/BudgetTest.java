package dev.modelgate.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BudgetTest {
  private static final Limits SMALL = new Limits(8, 100, 1000, 5000, 10, 100, 1 << 20, 200);

  @Test
  void ordinaryMembersPassAndEachLimitTrips() throws Exception {
    Budget b = new Budget(SMALL);
    b.charge(500, 500, 400, "ok"); // ratio 1.25, under every limit
    assertThatThrownBy(() -> b.charge(600, 1100, 1000, "big"))
        .hasFieldOrPropertyWithValue("rule", "limits.member-size");
    assertThatThrownBy(() -> new Budget(SMALL).charge(200, 200, 10, "bomb"))
        .hasFieldOrPropertyWithValue("rule", "limits.decompression-ratio");
    Budget total = new Budget(SMALL);
    for (int k = 0; k < 5; k++) {
      total.charge(900, 900, 900, "m" + k);
    }
    assertThatThrownBy(() -> total.charge(900, 900, 900, "m5"))
        .hasFieldOrPropertyWithValue("rule", "limits.decompressed-total");
  }

  @Test
  void afterThreeBombsNothingMoreIsDecompressed() throws Exception {
    Budget b = new Budget(SMALL);
    for (int k = 0; k < Budget.MAX_TRIPS; k++) {
      String at = "bomb" + k;
      assertThatThrownBy(() -> b.charge(200, 200, 10, at))
          .hasFieldOrPropertyWithValue("rule", "limits.decompression-ratio");
    }
    assertThatThrownBy(() -> b.charge(1, 1, 1, "harmless"))
        .isInstanceOf(InvalidInputException.class)
        .hasFieldOrPropertyWithValue("rule", "limits.decompression-stopped");
    assertThat(b.decompressed()).isEqualTo(3 * 200);
  }
}
