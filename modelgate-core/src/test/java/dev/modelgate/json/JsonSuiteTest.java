package dev.modelgate.json;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.format.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JSONTestSuite-style cases (scripts/fixtures/json_suite.py): {@code y_} parse, {@code n_} are
 * refused, {@code i_} follow the choice their name ends with.
 */
class JsonSuiteTest {

  static Stream<Path> cases() throws IOException {
    try (Stream<Path> s = Files.list(Fixtures.root().resolve("json-suite"))) {
      return s.sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void followsTheSuite(Path p) throws IOException {
    String name = p.getFileName().toString();
    byte[] data = Files.readAllBytes(p);
    boolean accept = name.startsWith("y_") || name.startsWith("i_") && name.contains("accepted");
    if (accept) {
      assertThatCode(() -> Json.parse(data)).as(name).doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> Json.parse(data)).as(name).isInstanceOf(JsonException.class);
    }
  }
}
