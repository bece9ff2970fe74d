package dev.modelgate.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule catalogue is complete, well-formed and readable: every rule id the core's source
 * can report is catalogued, every catalogued id exists in the source, and the texts are the
 * sentences GitHub shows (shortDescription and fullDescription are capped at 1024 characters,
 * only 10 tags are shown).
 */
class RuleCatalogueTest {
  private static final RuleCatalogue CATALOGUE = RuleCatalogue.get();

  @TempDir
  Path dir;

  @Test
  void catalogueParsesIntoWellFormedUniqueIds() {
    assertThat(CATALOGUE.all()).hasSizeGreaterThan(200);
    Set<String> anchors = new HashSet<>();
    for (Rule r : CATALOGUE.all()) {
      assertThat(r.id()).matches(RuleFile.ID);
      assertThat(anchors.add(r.anchor())).as("anchor of %s is unique", r.id()).isTrue();
      assertThat(r.tags()).as(r.id()).startsWith("security", r.area()).hasSizeLessThanOrEqualTo(10)
          .allMatch(t -> t.matches("[a-z0-9]+(-[a-z0-9]+)*"));
      assertThat(RuleFile.PRECISIONS).contains(r.precision());
    }
  }

  @Test
  void textsAreSentencesAUserCanActOn() {
    for (Rule r : CATALOGUE.all()) {
      assertThat(r.title()).as("title of %s", r.id()).hasSizeBetween(20, 140)
          .matches("[A-Za-z_].*\\.").doesNotContain(r.id());
      assertThat(r.description()).as("description of %s", r.id()).hasSizeBetween(40, 1000)
          .matches("[A-Za-z_].*[.)]").isNotEqualTo(r.title());
      assertThat(r.help()).as("help of %s", r.id()).hasSizeBetween(20, 600)
          .matches("[A-Za-z_].*[.)]");
    }
  }

  @Test
  void everyRuleIdTheSourceNamesIsCatalogued() throws IOException {
    SourceRuleIds src = new SourceRuleIds(Path.of("src/main/java"));
    // the declarations the scan relies on are found, so this test cannot pass vacuously
    assertThat(src.ruleTakers).containsKeys("malicious", "suspicious", "invalid", "note",
        "InvalidInputException", "Finding", "Problem");
    List<String> missing = new ArrayList<>();
    List<SourceRuleIds.Literal> named = new ArrayList<>(src.callSiteIds());
    named.addAll(src.dashedIds());
    named.addAll(src.prefixedIds());
    for (SourceRuleIds.Literal l : named) {
      if (!CATALOGUE.contains(l.value())) {
        missing.add(l.value() + " (" + l.file() + "): add it to "
            + CATALOGUE.fileFor(l.value()));
      }
    }
    for (SourceRuleIds.Literal l : src.prefixLiterals()) {
      if (CATALOGUE.all().stream().noneMatch(r -> r.id().startsWith(l.value()))) {
        missing.add(l.value() + "* (" + l.file() + "): catalogue every id it can build");
      }
    }
    Set<String> suffixes = new TreeSet<>();
    CATALOGUE.all().forEach(r -> suffixes.add(r.id().substring(r.id().lastIndexOf('.'))));
    for (SourceRuleIds.Literal l : src.computedSuffixes(suffixes)) {
      missing.add("x + \"" + l.value() + "\" (" + l.file() + "): rule ids are literals, so"
          + " the set stays finite; use a fixed id");
    }
    assertThat(missing).as("rule ids in src/main/java that are not catalogued").isEmpty();
  }

  @Test
  void everyCataloguedRuleExistsInTheSource() throws IOException {
    SourceRuleIds src = new SourceRuleIds(Path.of("src/main/java"));
    Set<String> known = new TreeSet<>(src.allLiterals());
    src.prefixedIds().forEach(l -> known.add(l.value()));
    List<String> prefixes = src.prefixLiterals().stream().map(SourceRuleIds.Literal::value)
        .toList();
    List<String> dead = new ArrayList<>();
    for (Rule r : CATALOGUE.all()) {
      boolean built = prefixes.stream().anyMatch(p -> r.id().startsWith(p)
          && known.contains(r.id().substring(p.length())));
      if (!known.contains(r.id()) && !built) {
        dead.add(r.id());
      }
    }
    assertThat(dead).as("catalogued rules no code reports").isEmpty();
  }

  @Test
  void theSourceScanFindsIdsAtCallSitesAndIgnoresComments() throws IOException {
    Path f = Files.writeString(dir.resolve("X.java"), """
        class X {
          void invalid(String rule, String message) {}
          void m() {
            invalid("demo.plain", "a message with a \\"quote\\" and (parens)");
            // invalid("demo.commented", "x");
            other("demo.other", new SourceReader(src, 0, "demo", "")); /* "demo.block-comment" */
            String id = ctx.format() + ".truncated";
            String path = path + ".truncated";
            String s = "demo.dashed-name" + 'x' + '"';
          }
        }
        """);
    SourceRuleIds ids = new SourceRuleIds(f.getParent());
    assertThat(ids.callSiteIds()).extracting(SourceRuleIds.Literal::value)
        .containsExactly("demo.plain");
    assertThat(ids.dashedIds()).extracting(SourceRuleIds.Literal::value)
        .containsExactly("demo.dashed-name");
    assertThat(ids.prefixedIds()).extracting(SourceRuleIds.Literal::value)
        .containsExactly("demo.truncated", "demo.too-large");
    String text = Files.readString(f);
    assertThat(ids.computedSuffixes(Set.of(".truncated"))).singleElement()
        .satisfies(l -> assertThat(text.substring(l.start() - 16, l.start()))
            .contains("ctx.format()"));
  }

  @Test
  void aFindingOfAnUncataloguedRuleNamesTheFileToAddItTo() {
    assertThatThrownBy(() -> CATALOGUE.check(finding("gguf.new-check", Verdict.INVALID)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("[gguf.new-check]")
        .hasMessageContaining("modelgate-core/src/main/resources/META-INF/modelgate/rules/gguf.rules");
    assertThatThrownBy(() -> CATALOGUE.check(finding("newformat.bad", Verdict.INVALID)))
        .hasMessageContaining("a new newformat.rules file")
        .hasMessageContaining(RuleCatalogue.INDEX);
    assertThatThrownBy(() -> CATALOGUE.check(finding("pickle.unlisted-global", Verdict.MALICIOUS)))
        .hasMessageContaining("catalogued as suspicious")
        .hasMessageContaining("pickle.rules");
    CATALOGUE.check(finding("pickle.wrapper-file", Verdict.CLEAN)); // milder is fine
  }

  @Test
  void everyIndexOnTheClassPathAddsItsRules() throws IOException {
    URL a = jar("a", "a.rules", rule("alpha.one", "suspicious"));
    URL b = jar("b", "b.rules", rule("beta.one", "malicious") + rule("beta.two", "clean"));
    try (URLClassLoader loader = new URLClassLoader(new URL[] {a, b}, null)) {
      RuleCatalogue c = RuleCatalogue.load(loader);
      assertThat(c.all()).extracting(Rule::id).containsExactly("alpha.one", "beta.one", "beta.two");
      assertThat(c.find("beta.two").orElseThrow().verdict()).isEqualTo(Verdict.CLEAN);
      assertThat(c.find("beta.one").orElseThrow().tags()).containsExactly("security", "beta");
    }
    URL twice = jar("c", "c.rules", rule("alpha.one", "invalid"));
    try (URLClassLoader loader = new URLClassLoader(new URL[] {a, twice}, null)) {
      assertThatThrownBy(() -> RuleCatalogue.load(loader))
          .hasMessageContaining("alpha.one is already defined in");
    }
  }

  @Test
  void malformedRuleFilesNameFileAndLine() {
    String ok = rule("a.b", "malicious");
    assertThatThrownBy(() -> RuleFile.parse("x.rules", ok + "colour = red\n"))
        .hasMessageContaining("x.rules:9").hasMessageContaining("unknown field colour");
    assertThatThrownBy(() -> RuleFile.parse("x.rules", ok.replace("help = Do it.\n", "")))
        .hasMessageContaining("a.b has no help");
    assertThatThrownBy(() -> RuleFile.parse("x.rules", ok.replace("malicious", "evil")))
        .hasMessageContaining("unknown verdict evil");
    assertThatThrownBy(() -> RuleFile.parse("x.rules", ok.replace("[a.b]", "[A.B]")))
        .hasMessageContaining("x.rules:1").hasMessageContaining("malformed rule header");
    assertThatThrownBy(() -> RuleFile.parse("x.rules", ok + "title = again\n"))
        .hasMessageContaining("title given twice");
    assertThatThrownBy(() -> RuleFile.parse("x.rules", ok.replace("verdict", "precision = max\nverdict")))
        .hasMessageContaining("unknown precision max");
    List<Rule> parsed = RuleFile.parse("x.rules", ok);
    assertThat(parsed).singleElement().satisfies(r -> {
      assertThat(r.description()).isEqualTo("Line one continues here.");
      assertThat(r.precision()).isEqualTo("high");
    });
  }

  private static Finding finding(String rule, Verdict v) {
    return new Finding(rule, v, "m", "", "");
  }

  private static String rule(String id, String verdict) {
    return "[" + id + "]\nverdict = " + verdict + "\ntitle = A title.\n"
        + "# a comment\ndescription = Line one\n  continues here.\nhelp = Do it.\n\n";
  }

  private URL jar(String name, String file, String text) throws IOException {
    Path root = dir.resolve(name);
    Path rules = Files.createDirectories(root.resolve("META-INF/modelgate/rules"));
    Files.writeString(rules.resolve("index"), "# test\n" + file + "\n");
    Files.writeString(rules.resolve(file), text);
    return root.toUri().toURL();
  }
}
