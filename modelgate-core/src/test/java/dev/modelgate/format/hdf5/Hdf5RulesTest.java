package dev.modelgate.format.hdf5;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Hdf5RulesTest {
  @Test
  void pathsReachingOutsideTheModel() {
    assertThat(Hdf5Rules.reachesOutside("/etc/passwd")).isTrue();
    assertThat(Hdf5Rules.reachesOutside("../../etc/passwd")).isTrue();
    assertThat(Hdf5Rules.reachesOutside("data/../../x")).isTrue();
    assertThat(Hdf5Rules.reachesOutside("C:\\Windows\\win.ini")).isTrue();
    assertThat(Hdf5Rules.reachesOutside("https://host/x.h5")).isTrue();
    assertThat(Hdf5Rules.reachesOutside("~/.ssh/id_rsa")).isTrue();
    assertThat(Hdf5Rules.reachesOutside("weights.bin")).isFalse();
    assertThat(Hdf5Rules.reachesOutside("data/weights..bin")).isFalse();
  }
}
