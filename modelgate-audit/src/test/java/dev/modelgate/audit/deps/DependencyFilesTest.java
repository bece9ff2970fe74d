package dev.modelgate.audit.deps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every dependency reader against edge-case files under test resources deps/. */
class DependencyFilesTest {
  static Path res(String p) throws Exception {
    return Path.of(DependencyFilesTest.class.getResource("/deps/" + p).toURI());
  }

  static List<String> summary(List<Dependency> deps) {
    return deps.stream().map(d -> d.name() + " " + (d.version() != null ? "=" + d.version()
        : d.spec() == null ? "*" : d.spec().toString()) + " @" + d.line()).toList();
  }

  @Test
  void requirementsWithContinuationsOptionsUrlsMarkersAndIncludes() throws Exception {
    RequirementsTxt.Result r = RequirementsTxt.read(res("reqs/requirements.txt"),
        "reqs/requirements.txt", 1 << 20, new HashSet<>());
    assertThat(summary(r.deps())).containsExactly(
        "torch =2.5.1 @3",
        "transformers >= 4.30, < 4.36 @8",
        "vllm * @9",
        "llama-cpp-python =0.2.60 @10",
        "keras * @11",
        "numpy >=1.26,<2 @13",
        "jinja2 =3.1.4 @1",
        "pyyaml =5.3 @1");
    assertThat(r.deps().get(6).file()).isEqualTo("reqs/base.txt");
    assertThat(r.deps().get(7).file()).isEqualTo("reqs/constraints/c.txt");
    assertThat(r.errors()).singleElement().satisfies(e -> {
      assertThat(e.line).isEqualTo(16);
      assertThat(e.getMessage()).contains("reqs/requirements.txt:16").contains("not a version specifier");
    });
  }

  @Test
  void includeLoopsAreReportedNotFollowed() throws Exception {
    RequirementsTxt.Result r = RequirementsTxt.read(res("loop/requirements.txt"),
        "loop/requirements.txt", 1 << 20, new HashSet<>());
    assertThat(summary(r.deps())).containsExactly("vllm =0.9.0 @2", "torch =2.6.0 @2");
    assertThat(r.errors()).singleElement().extracting(Throwable::getMessage)
        .asString().contains("include loop");
  }

  @Test
  void pyprojectReadsPep621Pep735AndPoetry() throws Exception {
    String text = Files.readString(res("lock/pyproject.toml"));
    assertThat(summary(TomlFiles.pyproject(text, "pyproject.toml"))).containsExactly(
        "torch >=2.0 @4",
        "keras ~= 3.5 @5",
        "vllm =0.8.4 @9",
        "jinja2 <3.1.5 @12",
        "transformers >=4.30.0,<5 @16",
        "gradio >=4.10,<4.11 @17",
        "onnx =1.12.0 @18",
        "onnx >=1.16 @18",
        "mylib * @22");
  }

  @Test
  void poetryConstraintsBecomePep440() {
    assertThat(PoetryConstraint.parse("^0.2.3").get(0).toString()).isEqualTo(">=0.2.3,<0.3");
    assertThat(PoetryConstraint.parse("^0.0.3").get(0).toString()).isEqualTo(">=0.0.3,<0.0.4");
    assertThat(PoetryConstraint.parse("~1").get(0).toString()).isEqualTo(">=1,<2");
    assertThat(PoetryConstraint.parse(">= 1.2, < 1.5").get(0).toString()).isEqualTo(">=1.2,<1.5");
    assertThat(PoetryConstraint.parse("1.2.*").get(0).toString()).isEqualTo("==1.2.*");
    assertThat(PoetryConstraint.parse("^1.0 || ^2.0")).hasSize(2);
    assertThat(PoetryConstraint.parse("*").get(0).specifiers()).isEmpty();
  }

  @Test
  void lockFilesCarryExactVersions() throws Exception {
    assertThat(summary(TomlFiles.lock(Files.readString(res("lock/poetry.lock")), "poetry.lock",
        "package"))).containsExactly("torch =2.5.1 @4", "pyyaml =6.0.1 @17");
    assertThat(summary(TomlFiles.lock(Files.readString(res("lock/uv.lock")), "uv.lock",
        "package"))).containsExactly("llama-cpp-python =0.2.60 @5");
    assertThat(summary(TomlFiles.lock(Files.readString(res("lock/pylock.toml")), "pylock.toml",
        "packages"))).containsExactly("transformers =4.35.2 @5");
    assertThat(summary(OtherFiles.pipfileLock(Files.readString(res("lock/Pipfile.lock")),
        "Pipfile.lock"))).containsExactly("pillow =9.5.0 @4", "requests =2.32.3 @5",
            "mlflow =2.9.0 @8");
  }

  @Test
  void condaEnvironmentMapsCondaNamesAndReadsThePipList() throws Exception {
    assertThat(summary(OtherFiles.condaEnvironment(Files.readString(res("lock/environment.yml")),
        "environment.yml"))).containsExactly("torch =2.1.0 @6", "numpy ==1.15.* @7",
            "opencv-python >=4.5 @8", "tensorflow =2.4.1 @11", "transformers >=4.40 @12");
  }

  @Test
  void installedMetadataUsesTheHeadersOnly() throws Exception {
    Path meta = res("site/lib/python3.11/site-packages/torch-2.5.1.dist-info/METADATA");
    Dependency d = OtherFiles.metadata(Files.readString(meta), "METADATA");
    assertThat(d.name()).isEqualTo("torch");
    assertThat(d.version()).hasToString("2.5.1+cpu");
  }

  @Test
  void malformedFilesNameTheirLine() {
    assertThatThrownBy(() -> TomlFiles.pyproject("[project]\ndependencies = [\"torch\",\n",
        "pyproject.toml")).isInstanceOf(DependencyFileException.class)
        .hasMessageContaining("pyproject.toml: line 3");
    assertThatThrownBy(() -> TomlFiles.lock("[[package]]\nname = \"x\"\nversion = \"1.0.x\"\n",
        "poetry.lock", "package")).hasMessageContaining("not PEP 440");
    assertThatThrownBy(() -> OtherFiles.pipfileLock("{\"default\": ", "Pipfile.lock"))
        .isInstanceOf(DependencyFileException.class);
  }

  @Test
  void pep508Forms() {
    assertThat(Pep508.parse("name [a,b] (>=1.0) ; os_name == 'nt'").spec()).hasToString(">=1.0");
    assertThat(Pep508.parse("name @ https://x.invalid/n.whl ; python_version<'3.12'").url())
        .isTrue();
    assertThat(Pep508.parse("A.B-c_d").name()).isEqualTo("A.B-c_d");
    assertThat(Dependency.normalize("A.B-c__d")).isEqualTo("a-b-c-d");
    assertThatThrownBy(() -> Pep508.parse("-bad")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pep508.parse("x >= 1.0.x")).isInstanceOf(IllegalArgumentException.class);
  }
}
