package dev.modelgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.report.RulesDoc;
import dev.modelgate.rules.Rule;
import dev.modelgate.rules.RuleCatalogue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/rules.md} is what SARIF's helpUri links point into; it must list every rule the
 * shipped CLI can report, so it is checked here, where every module's rules are on the class
 * path. Run with {@code -Dmodelgate.updateRulesDoc=true} to rewrite it instead.
 */
class RulesDocTest {
  private static final Path DOC = Path.of("..", "docs", "rules.md");

  @Test
  void theCommittedRuleListIsCurrent() throws Exception {
    String expected = RulesDoc.render(RuleCatalogue.get().all());
    if (Boolean.getBoolean("modelgate.updateRulesDoc")) {
      Files.writeString(DOC, expected, StandardCharsets.UTF_8);
    }
    String committed = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "";
    assertThat(committed)
        .as("docs/rules.md is stale; regenerate it with:%n  %s%nor run this test with"
            + " -Dmodelgate.updateRulesDoc=true", RulesDoc.REGENERATE)
        .isEqualTo(expected);
  }

  @Test
  void everyRuleHasItsAnchor() throws Exception {
    String doc = RulesDoc.render(RuleCatalogue.get().all());
    for (Rule r : RuleCatalogue.get().all()) {
      assertThat(doc).contains("<a name=\"" + r.anchor() + "\"></a>\n### `" + r.id() + "`");
    }
    // catalogue text is escaped: no stray HTML or emphasis from names like __lambda__
    assertThat(doc).doesNotContain("<folder>").contains("\\_\\_lambda\\_\\_");
  }
}
