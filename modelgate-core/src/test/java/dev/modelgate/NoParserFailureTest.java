package dev.modelgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.io.BytesSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every fixture and every fuzz regression input scans without {@code parser.failure}: that rule
 * means an exception no rule anticipated, so each one is a parser bug that should become a
 * named rule with a location.
 */
class NoParserFailureTest {
  private static final Path RESOURCES = Path.of("src/test/resources");

  @Test
  void fixturesAndFuzzInputsHaveNoParserFailure() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(RESOURCES)) {
      s.filter(Files::isRegularFile)
          .filter(p -> p.startsWith(RESOURCES.resolve("fixtures"))
              || p.toString().contains("FuzzTestInputs"))
          .filter(p -> !p.startsWith(RESOURCES.resolve("fixtures/integrity")))
          .sorted()
          .forEach(files::add);
    }
    assertThat(files).hasSizeGreaterThan(300);
    List<String> failures = new ArrayList<>();
    for (Path p : files) {
      Scanner scanner = new Scanner(ScanOptions.defaults());
      // file scans see siblings (external data, weights files); the byte scan is name-only
      List<ScanResult> results = new ArrayList<>(scanner.scanFile(p));
      results.addAll(scanner.scan(new BytesSource(Files.readAllBytes(p),
          p.getFileName().toString())));
      for (ScanResult r : results) {
        assertThat(r.verdict()).as(r.path()).isNotNull();
        r.findings().stream().filter(f -> f.rule().equals("parser.failure"))
            .forEach(f -> failures.add(r.path() + ": " + f.message()));
      }
    }
    assertThat(failures).isEmpty();
  }
}
