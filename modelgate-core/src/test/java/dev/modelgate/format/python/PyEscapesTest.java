package dev.modelgate.format.python;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PyEscapesTest {
  /** As CPython: {@code '\\a\\b\\f\\n\\r\\t\\v\\\\\\'\\"'} decodes to these code points. */
  @Test
  void theOneCharacterEscapesAreCPythons() {
    String letters = "abfnrtv\\'\"";
    int[] python = {7, 8, 12, 10, 13, 9, 11, '\\', '\'', '"'};
    for (int k = 0; k < letters.length(); k++) {
      assertThat(PyEscapes.simple(letters.charAt(k))).as("\\" + letters.charAt(k))
          .isEqualTo(python[k]);
    }
  }

  @Test
  void everyOtherCharacterIsNotOne() {
    String simple = "abfnrtv\\'\"";
    for (char c = 0; c < 128; c++) {
      if (simple.indexOf(c) < 0) {
        assertThat(PyEscapes.simple(c)).as("\\" + c).isEqualTo(-1);
      }
    }
  }
}
