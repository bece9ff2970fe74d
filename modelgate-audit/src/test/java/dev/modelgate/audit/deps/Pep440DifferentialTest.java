package dev.modelgate.audit.deps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.json.Json;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replays what Python's packaging said (scripts/fixtures/pep440.py → pep440/packaging.json) about
 * parsing, normalising, ordering and specifier matching.
 */
class Pep440DifferentialTest {
  static Map<?, ?> doc;

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in = Pep440DifferentialTest.class.getResourceAsStream(
        "/pep440/packaging.json")) {
      doc = (Map<?, ?>) Json.parse(in.readAllBytes());
    }
  }

  @Test
  void parsingAndNormalisationAgreeWithPackaging() {
    SoftAssertions soft = new SoftAssertions();
    List<?> versions = (List<?>) doc.get("versions");
    assertThat(versions).hasSizeGreaterThan(100);
    for (Object o : versions) {
      Map<?, ?> e = (Map<?, ?>) o;
      String in = (String) e.get("input");
      Version v = Version.tryParse(in);
      if (!(Boolean) e.get("valid")) {
        soft.assertThat(v).as("'%s' is invalid", in).isNull();
        continue;
      }
      soft.assertThat(v).as("'%s' is valid", in).isNotNull();
      if (v != null) {
        soft.assertThat(v.toString()).as("str(Version('%s'))", in).isEqualTo(e.get("normalized"));
        soft.assertThat(v.isPrerelease()).as("'%s'.is_prerelease", in).isEqualTo(e.get("prerelease"));
        soft.assertThat(v.isPostrelease()).as("'%s'.is_postrelease", in)
            .isEqualTo(e.get("postrelease"));
        soft.assertThat(v.publicVersion().toString()).as("'%s'.public", in)
            .isEqualTo(e.get("public"));
        soft.assertThat(v.baseVersion().toString()).as("'%s'.base_version", in)
            .isEqualTo(e.get("base"));
      }
    }
    soft.assertAll();
  }

  @Test
  void orderingAgreesWithPackaging() {
    SoftAssertions soft = new SoftAssertions();
    for (Object o : (List<?>) doc.get("comparisons")) {
      Map<?, ?> e = (Map<?, ?>) o;
      int c = Integer.signum(Version.parse((String) e.get("a"))
          .compareTo(Version.parse((String) e.get("b"))));
      soft.assertThat(c).as("cmp(%s, %s)", e.get("a"), e.get("b"))
          .isEqualTo(((Number) e.get("cmp")).intValue());
    }
    List<String> sorted = new ArrayList<>();
    for (Object s : (List<?>) doc.get("sorted")) {
      sorted.add((String) s);
    }
    List<String> mine = new ArrayList<>(sorted.stream().map(Version::parse).sorted()
        .map(Version::toString).toList());
    java.util.Collections.shuffle(mine, new java.util.Random(1));
    mine = mine.stream().map(Version::parse).sorted().map(Version::toString).toList();
    soft.assertThat(mine).isEqualTo(sorted);
    soft.assertAll();
  }

  @Test
  void specifierMatchingAgreesWithPackaging() {
    SoftAssertions soft = new SoftAssertions();
    int checked = 0;
    for (Object o : (List<?>) doc.get("specifiers")) {
      Map<?, ?> e = (Map<?, ?>) o;
      String spec = (String) e.get("spec");
      if (!(Boolean) e.get("valid")) {
        soft.assertThatThrownBy(() -> SpecifierSet.parse(spec)).as("'%s' is invalid", spec)
            .isInstanceOf(IllegalArgumentException.class);
        continue;
      }
      SpecifierSet set;
      try {
        set = SpecifierSet.parse(spec);
      } catch (IllegalArgumentException ex) {
        soft.fail("'%s' is valid for packaging: %s", spec, ex.getMessage());
        continue;
      }
      for (String key : new String[] {"contains", "containsPrereleases"}) {
        Boolean pre = key.equals("contains") ? null : Boolean.TRUE;
        for (Map.Entry<?, ?> c : ((Map<?, ?>) e.get(key)).entrySet()) {
          Version v = Version.parse((String) c.getKey());
          soft.assertThat(set.contains(v, pre)).as("SpecifierSet('%s').contains('%s', %s)",
              spec, c.getKey(), pre).isEqualTo(c.getValue());
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(5000);
    soft.assertAll();
  }

  @Test
  void intervalsAgreeWithMatchingOnTheFixtureVersions() {
    SoftAssertions soft = new SoftAssertions();
    for (Object o : (List<?>) doc.get("specifiers")) {
      Map<?, ?> e = (Map<?, ?>) o;
      if (!(Boolean) e.get("valid")) {
        continue;
      }
      SpecifierSet set = SpecifierSet.parse((String) e.get("spec"));
      for (Map.Entry<?, ?> c : ((Map<?, ?>) e.get("containsPrereleases")).entrySet()) {
        Version v = Version.parse((String) c.getKey());
        // a local version matches through its public version (==2.5.1 allows 2.5.1+cpu)
        boolean in = set.intervals().stream()
            .anyMatch(i -> i.contains(v) || i.contains(v.publicVersion()));
        // intervals over-approximate only at the post/local fringe of '>' and at local versions
        if (Boolean.TRUE.equals(c.getValue())) {
          soft.assertThat(in).as("%s in intervals of %s", v, e.get("spec")).isTrue();
        }
      }
    }
    soft.assertAll();
  }

  @Test
  void invalidVersionsAreRejectedWithTheirText() {
    assertThatThrownBy(() -> Version.parse("1.0.x")).hasMessageContaining("'1.0.x'");
  }
}
