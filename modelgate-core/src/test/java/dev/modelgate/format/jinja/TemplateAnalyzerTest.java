package dev.modelgate.format.jinja;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.format.Fixtures;
import dev.modelgate.format.jinja.TemplateIssue.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TemplateAnalyzerTest {

  static Stream<Path> benign() {
    return Fixtures.files("jinja/benign", "").stream();
  }

  static Stream<Path> malicious() {
    return Fixtures.files("jinja/malicious", "").stream();
  }

  static Stream<Path> syntax() {
    return Fixtures.files("jinja/syntax", "").stream();
  }

  @ParameterizedTest
  @MethodSource("benign")
  void realChatTemplatesAreClean(Path file) throws IOException {
    assertThat(TemplateAnalyzer.analyze(Files.readString(file))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("malicious")
  void sandboxEscapesAreInjection(Path file) throws IOException {
    List<TemplateIssue> issues = TemplateAnalyzer.analyze(Files.readString(file));
    assertThat(issues).isNotEmpty().allSatisfy(i -> {
      assertThat(i.kind()).isEqualTo(Kind.INJECTION);
      assertThat(i.evidence()).isNotBlank().hasSizeLessThanOrEqualTo(200);
    });
  }

  @ParameterizedTest
  @MethodSource("syntax")
  void brokenTemplatesAreSyntaxOnly(Path file) throws IOException {
    assertThat(TemplateAnalyzer.analyze(Files.readString(file)))
        .extracting(TemplateIssue::kind).containsExactly(Kind.SYNTAX);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{{ x['\\x5f_class__'] }}",
      "{{ x[\"\\N{LOW LINE}\\N{LOW LINE}class__\"] }}",
      "{{ x|attr('__CLASS__'|lower) }}",
      "{{ x|attr(('_','_init_','_')|join) }}",
      "{{ x|attr('%s%s'|format('__glo', 'bals__')) }}",
      "{{ x|attr('__%s__' % 'dict') }}",
      "{{ x|attr(y) }}",
      "{% set k = '_' ~ '_class' ~ '__' %}{{ x[k] }}",
      "{{ config.items() }}",
      "{{ url_for.__globals__ }}",
      "{{ get_flashed_messages['x'] }}",
      "{{ range|attr('x') }}",
      "{{ x.os.popen('id') }}",
      "{{ x._private }}",
      "{{ '{0.__class__}'.format(x) }}",
      "{{ x|selectattr('__class__') | list }}",
      "{{ x['_' ~ y] }}",
      "{{ x.f_back }}",
      "{%+ include 'a' +%}",
      "{{ a.__globals__ }}{% if %}",
  })
  void evasionsAreCaught(String template) {
    assertThat(TemplateAnalyzer.analyze(template)).extracting(TemplateIssue::kind)
        .contains(Kind.INJECTION);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{% set ns = namespace(found=false) %}{% set ns.found = true %}{{ ns.found }}",
      "{% set c = cycler('a', 'b') %}{{ c.next() }}{{ c.current }}",
      "{{ messages[loop.index0 + 1]['role'] }}{{ x[1:] }}{{ x[::-1] }}",
      "{{ m.system }}{{ ns.system }}{{ tool.open }}",
      "{{ {'a': {'b': '}}'}}['a'] }}",
      "{% for k, v in d.items() %}{{ k }}={{ v }}{% endfor %}",
      "{{ 'x' ~ '_' ~ 'y' }}",
      "{% raw %}{{ ''.__class__ }}{% endraw %}",
      "{#- {{ ''.__class__ }} -#}",
      "plain text with __class__ outside tags",
      "{{ x | tojson(indent=2) }}{{ strftime_now('%Y-%m-%d') }}",
      "{% macro f(a) %}{{ a }}{% endmacro %}{{ f(1) }}",
      "{{ messages | map(attribute='content') | join('\\n') }}",
  })
  void ordinaryConstructsAreClean(String template) {
    assertThat(TemplateAnalyzer.analyze(template)).isEmpty();
  }

  @Test
  void evidenceIsBounded() {
    String t = "{{ " + "a ~ ".repeat(500) + "x.__class__ }}";
    List<TemplateIssue> issues = TemplateAnalyzer.analyze(t);
    assertThat(issues).hasSize(1);
    assertThat(issues.get(0).evidence()).contains("__class__").hasSizeLessThanOrEqualTo(200);
  }
}
