package dev.modelgate.format.pickle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.ScanOptions;
import dev.modelgate.ScanResult;
import dev.modelgate.Scanner;
import dev.modelgate.io.BytesSource;
import dev.modelgate.io.Limits;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Small files that decode into a lot of memory end in a named limit, never in an
 * OutOfMemoryError or a StackOverflowError (red team 2, point 4).
 */
public class PickleMemoryTest {

  /** {@code PROTO 4}, {@code body} repeated {@code n} times, {@code STOP}. */
  static byte[] repeated(byte[] body, int n, byte[] tail) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(2 + body.length * n + tail.length + 1);
    b.write(0x80);
    b.write(4);
    for (int i = 0; i < n; i++) {
      b.writeBytes(body);
    }
    b.writeBytes(tail);
    b.write('.');
    return b.toByteArray();
  }

  /** Millions of memoized empty dicts: ~20 MB. */
  public static byte[] memoFlood() {
    return repeated(new byte[] {'}', (byte) 0x94}, 10_000_000, new byte[0]);
  }

  /** A list nested two million deep: ~4 MB. */
  public static byte[] deepList() {
    int n = 2_000_000;
    ByteArrayOutputStream b = new ByteArrayOutputStream(2 * n + 3);
    b.write(0x80);
    b.write(4);
    for (int i = 0; i < n; i++) {
      b.write(']');
    }
    for (int i = 1; i < n; i++) {
      b.write('a');
    }
    b.write('.');
    return b.toByteArray();
  }

  private static ScanResult scan(byte[] data, Limits limits) throws IOException {
    ScanOptions o = new ScanOptions(dev.modelgate.policy.Policy.defaults(), limits,
        ScanOptions.DEFAULT_HASH_LIMIT, false, null);
    return new Scanner(o).scan(new BytesSource(data, "flood.pkl")).get(0);
  }

  private static List<String> rules(ScanResult r) {
    return r.findings().stream().map(Finding::rule).toList();
  }

  @Test
  void aMemoFloodEndsInTheMemoryLimit() throws IOException {
    ScanResult r = scan(memoFlood(), Limits.DEFAULT.with("memory", "32m"));
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(rules(r)).contains("limits.memory").doesNotContain("parser.failure");
  }

  @Test
  void aDeeplyNestedListEndsInALimit() throws IOException {
    ScanResult r = scan(deepList(), Limits.DEFAULT.with("memory", "32m"));
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(rules(r)).contains("limits.memory").doesNotContain("parser.failure");
  }

  @Test
  void theDeeplyNestedListWithTheDefaultBudgetNeverOverflowsTheStack() throws IOException {
    ScanResult r = scan(deepList(), Limits.DEFAULT);
    assertThat(rules(r)).doesNotContain("parser.failure");
  }

  @Test
  void anOrdinaryPickleUsesLittleOfTheBudget() throws IOException {
    byte[] small = repeated(new byte[] {'K', 1, 'a'}, 1000, new byte[0]);
    ScanResult r = scan(new byte[] {(byte) 0x80, 4, ']', (byte) 0x94, 'K', 1, 'a', '.'},
        Limits.DEFAULT.with("memory", "1m"));
    assertThat(r.verdict()).isEqualTo(Verdict.CLEAN);
    assertThat(small).isNotEmpty();
  }
}
