package dev.modelgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Red team 6, points 9 and 10: every callable that scripts/find-sinks.py found passing its
 * arguments on to exec/eval, a shell or an unpickler in torch, numpy, joblib, scikit-learn,
 * transformers and the standard library is in the catalogue, so a pickle that calls one is
 * malicious; plus the gadget families the peers' samples name for modules this interpreter
 * lacks, and methods inherited across a family.
 */
class CatalogueSinksTest {
  private static List<String[]> rows(String name) throws IOException {
    try (InputStream in = CatalogueSinksTest.class.getResourceAsStream("/catalogue/" + name)) {
      List<String[]> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(line.split("\t"));
        }
      }
      return out;
    }
  }

  @Test
  void everyCallableReachingASinkIsDangerous() throws IOException {
    Set<String> reviewed = new HashSet<>();
    for (String[] r : rows("sinks-reviewed.tsv")) {
      reviewed.add(r[0] + "." + r[1]);
    }
    List<String[]> sinks = rows("sinks.tsv");
    assertThat(sinks).hasSizeGreaterThan(500);
    List<String> missing = new ArrayList<>();
    for (String[] r : sinks) {
      if (!reviewed.contains(r[0] + "." + r[1]) && !Policy.defaults().judge(r[0], r[1])
          .dangerous()) {
        missing.add(r[0] + "." + r[1] + " (" + r[2] + " via " + r[3] + ")");
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void peerSampleFamiliesAndInheritedLoadersAreDangerous() {
    Policy p = Policy.defaults();
    String[][] dangerous = {
        {"torch.utils.bottleneck.__main__", "run_cprofile"},
        {"torch.utils.bottleneck.__main__", "run_autograd_prof"},
        {"_pyrepl.pager", "pipe_pager"}, {"_pyrepl.pager", "tempfile_pager"},
        {"torch.utils._config_module", "ConfigModule.load_config"},
        {"torch._functorch.config", "load_config"}, {"torch._inductor.config", "load_config"},
        {"transformers.models.bert.modeling_bert", "BertModel.from_pretrained"},
        {"transformers", "AutoModel.from_pretrained"},
        {"diffusers", "StableDiffusionPipeline.from_single_file"},
        {"dataclasses", "make_dataclass"}, {"typing", "ForwardRef._evaluate"}};
    for (String[] d : dangerous) {
      assertThat(p.judge(d[0], d[1]).dangerous()).as(d[0] + "." + d[1]).isTrue();
    }
    // what real model pickles name in the same packages stays as it was
    assertThat(p.judge("transformers.models.bert.modeling_bert", "BertModel").dangerous())
        .isFalse();
    assertThat(p.judge("torch.distributed.checkpoint.metadata", "Metadata").dangerous())
        .isFalse();
    assertThat(p.judge("joblib.memory", "Memory").dangerous()).isFalse();
  }
}
