package dev.modelgate.format.numpy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.format.pickle.FuzzSupport;
import dev.modelgate.rules.Finding;
import dev.modelgate.ScanResult;
import dev.modelgate.rules.Verdict;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumpyHandlerTest {
  static byte[] npy(int major, String header, int dataBytes) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
    byte[] h = (header + "\n").getBytes(StandardCharsets.UTF_8);
    if (major == 1) {
      o.write(h.length & 0xff);
      o.write(h.length >> 8);
    } else {
      o.writeBytes(new byte[] {(byte) h.length, (byte) (h.length >> 8), 0, 0});
    }
    o.writeBytes(h);
    o.writeBytes(new byte[dataBytes]);
    return o.toByteArray();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "1 | {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), } | 24 | ",
      "2 | {'descr': '<i8', 'fortran_order': True, 'shape': (3,), }    | 24 | ",
      "3 | {'descr': '<U2', 'fortran_order': False, 'shape': (), }     | 8  | ",
      "1 | {'descr': [('a', '<f4'), ('b', '<u2', (3,))], 'fortran_order': False, 'shape': (2,), } | 20 | ",
      "4 | {'descr': '<f4', 'fortran_order': False, 'shape': (1,), }   | 4  | numpy.version",
      "1 | {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), } | 20 | numpy.data-size",
      "1 | {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), } | 28 | numpy.data-size",
      "1 | {'descr': '<f4', 'fortran_order': 0, 'shape': (1,), }       | 4  | numpy.header",
      "1 | {'descr': '<f4', 'shape': (1,), }                           | 4  | numpy.header",
      "1 | {'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': __import__('os')} | 4 | numpy.header",
      "1 | {'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }  | 4  | numpy.shape",
      "1 | {'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4294967296), } | 4 | numpy.shape",
      "1 | {'descr': 'float32', 'fortran_order': False, 'shape': (1,), } | 4 | numpy.descr",
  })
  void headers(int major, String header, int data, String rule) {
    ScanResult r = FuzzSupport.scan("a.npy", npy(major, header, data)).get(0);
    assertThat(r.format()).isEqualTo("numpy-npy");
    if (rule == null) {
      assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
      assertThat(r.findings()).isEmpty();
    } else {
      assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
      assertThat(r.findings()).extracting(Finding::rule).contains(rule);
    }
  }
}
