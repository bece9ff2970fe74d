package dev.modelgate.cli.args;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The spellings picocli accepted keep working; typos and missing values are usage errors. */
class ParserTest {
  static final Command LEAF = Command.of("scan", List.of("Scan things. More text."), List.of(
          Opt.value("", "Format.", "--format").choices("text", "json"),
          Opt.value("FILE", "Output.", "-o", "--output"),
          Opt.value("G", "Allow.", "--allow").repeat(),
          Opt.flag("Verbose.", "-v", "--verbose"),
          Opt.flag("Quiet.", "-q"),
          Opt.value("K", "Key.", "--private-key", "--private_key"),
          Opt.value("X", "Secret.", "--secret").hide()),
      List.of(Param.many("PATH", "Paths.")), (a, io) -> 0);
  static final Command REQ = Command.of("key", List.of("Key."),
      List.of(Opt.value("K", "Key.", "--public-key").require()),
      List.of(Param.one("MODEL", "Model."), Param.optional("OUT", "Out.")), (a, io) -> 0);
  static final Command ROOT = Command.group("mg", List.of("Root."), List.of(),
      List.of(LEAF, Command.group("verify", List.of("Verify."), List.of(), List.of(REQ))));

  static Parser.Parsed parse(String... argv) throws UsageException {
    return Parser.parse(ROOT, argv);
  }

  @Test
  void valuesInEveryPicocliSpelling() throws Exception {
    Args a = parse("scan", "--format=json", "-o", "out.json", "--allow", "a.b", "--allow=c.*",
        "--private_key", "k.pem", "x", "y").args();
    assertThat(a.string("--format")).isEqualTo("json");
    assertThat(a.string("--output")).isEqualTo("out.json");
    assertThat(a.strings("--allow")).containsExactly("a.b", "c.*");
    assertThat(a.string("--private-key")).isEqualTo("k.pem");
    assertThat(a.params()).containsExactly("x", "y");
    assertThat(a.commandName()).isEqualTo("mg scan");
    assertThat(parse("scan", "-oout.json", "x").args().string("--output")).isEqualTo("out.json");
    assertThat(parse("scan", "--output", "-", "x").args().string("--output")).isEqualTo("-");
  }

  @Test
  void clusteredFlagsAndDoubleDash() throws Exception {
    Args a = parse("scan", "-vq", "--", "--not-an-option", "-v").args();
    assertThat(a.flag("--verbose")).isTrue();
    assertThat(a.flag("-q")).isTrue();
    assertThat(a.params()).containsExactly("--not-an-option", "-v");
    Args b = parse("scan", "-vofile", "p").args();
    assertThat(b.flag("--verbose")).isTrue();
    assertThat(b.string("--output")).isEqualTo("file");
  }

  @Test
  void helpAndVersionWinOverMissingParameters() throws Exception {
    assertThat(parse("scan", "--help").help()).isTrue();
    assertThat(parse("scan", "-h").help()).isTrue();
    assertThat(parse("-V").version()).isTrue();
    assertThat(parse("verify", "key", "--help").command()).isSameAs(REQ);
    assertThat(parse("--help").command()).isSameAs(ROOT);
  }

  @Test
  void usageErrors() {
    assertThatThrownBy(() -> parse("scna", "--help")).isInstanceOf(UsageException.class)
        .hasMessageContaining("Unknown command 'scna'").hasMessageContaining("did you mean 'scan'");
    assertThatThrownBy(() -> parse("scan", "--fromat", "json", "x"))
        .hasMessageContaining("Unknown option: '--fromat'").hasMessageContaining("'--format'");
    assertThatThrownBy(() -> parse("scan", "--format", "yaml", "x"))
        .hasMessageContaining("expected one of text, json");
    assertThatThrownBy(() -> parse("scan", "--output")).hasMessageContaining("Missing required"
        + " parameter for option '--output'");
    assertThatThrownBy(() -> parse("scan", "--output", "--verbose", "x"))
        .hasMessageContaining("Missing required parameter for option '--output'");
    assertThatThrownBy(() -> parse("scan", "--format=json", "--format=text", "x"))
        .hasMessageContaining("only once");
    assertThatThrownBy(() -> parse("scan", "--verbose=yes", "x"))
        .hasMessageContaining("takes no value");
    assertThatThrownBy(() -> parse("scan")).hasMessageContaining("Missing required parameter:"
        + " 'PATH'");
    assertThatThrownBy(() -> parse("verify", "key", "m")).hasMessageContaining("Missing required"
        + " option: '--public-key=K'");
    assertThatThrownBy(() -> parse("verify", "key", "--public-key", "k", "a", "b", "c"))
        .hasMessageContaining("Unexpected parameter: 'c'");
    assertThatThrownBy(() -> parse("scan", "-x", "p")).hasMessageContaining("Unknown option: '-x'");
  }

  @Test
  void readingAnUndeclaredOptionIsAProgrammingError() throws Exception {
    Args a = parse("scan", "x").args();
    assertThatThrownBy(() -> a.flag("--nope")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a.string("--private_key")).isInstanceOf(IllegalArgumentException.class);
    assertThat(a.debug()).isFalse();
  }

  @Test
  void numbersAreCheckedWithTheOptionNamed() throws Exception {
    Command c = Command.of("n", List.of("N."), List.of(Opt.value("N", "n.", "--n")), List.of(),
        (a, io) -> 0);
    assertThat(Parser.parse(c, new String[] {"--n", "-5"}).args().number("--n")).isEqualTo(-5L);
    Args bad = Parser.parse(c, new String[] {"--n", "ten"}).args();
    assertThatThrownBy(() -> bad.number("--n")).hasMessageContaining("'--n'")
        .hasMessageContaining("not a whole number");
  }

  @Test
  void helpIsGeneratedFromTheTables() {
    String h = Help.render(LEAF, "mg scan");
    assertThat(h).startsWith("Usage: mg scan [OPTIONS] PATH...\n")
        .contains("  -o, --output=FILE")
        .contains("      --format=text|json")
        .contains("      --private-key, --private_key=K")
        .contains("Repeatable.").contains("-h, --help").contains("-V, --version")
        .doesNotContain("--secret");
    assertThat(Help.render(ROOT, "mg")).contains("  scan").contains("Scan things.")
        .doesNotContain("More text.").contains("COMMAND --help");
    assertThat(Help.render(REQ, "mg verify key")).contains("--public-key=K MODEL [OUT]");
    for (String line : h.split("\n")) {
      assertThat(line.length()).as(line).isLessThanOrEqualTo(80);
    }
  }

  @Test
  void malformedTablesAreRejected() {
    assertThatThrownBy(() -> Opt.flag("x", "output")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Opt.flag("x", "-ab")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Command.of("c", List.of(), List.of(),
        List.of(Param.optional("A", "a"), Param.one("B", "b")), (a, io) -> 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Param("A", "a", 2, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
