package dev.modelgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.format.Fixtures;
import dev.modelgate.io.BytesSource;
import dev.modelgate.rules.Finding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every input that ever crashed, hung or exhausted a reader, replayed through the whole engine.
 * Each file in {@code src/test/resources/crashers/} has a sibling {@code NAME.verdict} holding
 * the verdict it must get; the file is scanned under its own name, so name-hinted handlers see
 * it as the fuzzer's target did. A new fuzz finding goes here, with its verdict, in the commit
 * that fixes it.
 */
class CrashersTest {

  static Stream<Path> crashers() throws IOException {
    try (Stream<Path> s = Files.list(Fixtures.root().resolve("crashers"))) {
      return s.filter(p -> !p.getFileName().toString().endsWith(".verdict")).sorted().toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("crashers")
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void replaysWithItsVerdict(Path input) throws IOException {
    Path expected = input.resolveSibling(input.getFileName() + ".verdict");
    assertThat(expected).as("every crasher names its verdict").exists();
    String verdict = Files.readString(expected, StandardCharsets.UTF_8).strip();
    List<ScanResult> results = new Scanner(ScanOptions.defaults())
        .scan(new BytesSource(Files.readAllBytes(input), input.getFileName().toString()));
    ScanResult top = results.get(0);
    assertThat(top.findings()).extracting(Finding::rule).doesNotContain("parser.failure");
    assertThat(top.verdict().label()).as(input.getFileName().toString()).isEqualTo(verdict);
  }
}
