package dev.modelgate.format.numpy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.ScanOptions;
import dev.modelgate.ScanResult;
import dev.modelgate.Scanner;
import dev.modelgate.format.Fixtures;
import dev.modelgate.io.FileSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.json.Json;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The .npy header reader against numpy itself: scripts/fixtures/numpy_headers.py spells headers
 * every way numpy's reader accepts (and some it refuses) and records, in expected.json, what
 * numpy's {@code _read_array_header} made of each. modelgate must accept exactly those, read the
 * same shape, order, descr and object-ness, and judge the pickle behind every object array,
 * however its header is spelled.
 */
class NumpyDifferentialTest {
  private static final Path DIR = Fixtures.dir("numpy");

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> expected() throws Exception {
    return (Map<String, Map<String, Object>>) Json.parse(
        Files.readAllBytes(DIR.resolve("expected.json")));
  }

  static Stream<String> headers() throws Exception {
    return expected().keySet().stream().sorted();
  }

  @ParameterizedTest
  @MethodSource("headers")
  void readsTheHeaderAsNumpyDoes(String name) throws Exception {
    Map<String, Object> numpy = expected().get(name);
    try (FileSource src = FileSource.open(DIR.resolve(name))) {
      if (!(Boolean) numpy.get("accepts")) {
        assertThatThrownBy(() -> NpyReader.read(src)).as(name + ": numpy refuses it")
            .isInstanceOf(InvalidInputException.class)
            .isNotInstanceOf(NpyReader.Unreadable.class);
        return;
      }
      if (name.contains("alias")) {
        // numpy accepts what this reader cannot read: that is reported, never taken as clean
        assertThatThrownBy(() -> NpyReader.read(src)).isInstanceOf(NpyReader.Unreadable.class);
        return;
      }
      NpyArray a = NpyReader.read(src);
      List<Object> shape = a.shape().stream().map(d -> (Object) (d instanceof Boolean b
          ? (b ? 1L : 0L) : ((BigInteger) d).longValueExact())).toList();
      assertThat(shape).as(name).isEqualTo(numpy.get("shape"));
      assertThat(a.fortranOrder()).as(name).isEqualTo(numpy.get("fortran_order"));
      assertThat(a.objects()).as(name + ": holds objects").isEqualTo(numpy.get("hasobject"));
      if (numpy.containsKey("descr")) {
        assertThat(a.descr()).as(name).isEqualTo(numpy.get("descr"));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("headers")
  void verdictFollowsWhatNumpyWouldDo(String name) throws IOException {
    ScanResult r = new Scanner(ScanOptions.defaults()).scanFile(DIR.resolve(name)).get(0);
    assertThat(r.format()).isEqualTo("numpy-npy");
    switch (name.substring(0, name.indexOf('_'))) {
      case "benign" -> assertThat(r.verdict()).as(name + ": " + r.findings())
          .isEqualTo(Verdict.CLEAN);
      case "malicious" -> {
        // the object array's pickle is analysed whatever spelling hides it
        assertThat(r.verdict()).as(name + ": " + r.findings()).isEqualTo(Verdict.MALICIOUS);
        assertThat(r.findings()).extracting(Finding::rule).contains("pickle.dangerous-call");
      }
      default -> assertThat(r.verdict()).as(name + ": " + r.findings())
          .isEqualTo(Verdict.INVALID);
    }
  }
}
