package dev.modelgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyJudgeTest {
  private final Policy defaults = Policy.defaults();

  @Test
  void weightsOnlyNamesAreAllowed() {
    for (String q : List.of("torch._utils._rebuild_tensor_v2", "torch.FloatStorage",
        "torch.cuda.HalfStorage", "torch.bfloat16", "torch.float8_e4m3fn", "torch.Size",
        "collections.OrderedDict", "_codecs.encode", "numpy.core.multiarray._reconstruct",
        "numpy._core.multiarray.scalar", "numpy.dtypes.Float32DType", "torch.storage.UntypedStorage")) {
      int dot = q.lastIndexOf('.');
      assertThat(defaults.judge(q.substring(0, dot), q.substring(dot + 1)).kind())
          .as(q).isEqualTo(Judgement.Kind.ALLOWED);
    }
  }

  @Test
  void nearMissesAreUnlisted() {
    assertThat(defaults.judge("torch._utils", "_rebuild_tensor_v9").kind())
        .isEqualTo(Judgement.Kind.UNLISTED);
    assertThat(defaults.judge("collections", "defaultdict").kind())
        .isEqualTo(Judgement.Kind.UNLISTED);
    assertThat(defaults.judge("copyreg", "_reconstructor").kind())
        .isEqualTo(Judgement.Kind.UNLISTED);
  }

  @Test
  void torchScriptDataBuildersAreNotCodeButTheRestOfTorchJitIs() {
    assertThat(defaults.judge("torch.jit._pickle", "build_intlist").dangerous()).isFalse();
    assertThat(defaults.judge("torch.jit._pickle", "build_tensor_from_id").dangerous()).isFalse();
    assertThat(defaults.judge("torch.jit._pickle", "build_intlist_x").dangerous()).isTrue();
    assertThat(defaults.judge("torch.jit", "load").dangerous()).isTrue();
  }

  @Test
  void catalogueMatchesModulesPrefixesAndSpellings() {
    assertThat(defaults.judge("os.path", "join").category()).isEqualTo("process execution");
    assertThat(defaults.judge("subprocess ", "Popen").dangerous()).isTrue();
    assertThat(defaults.judge("Builtins", "EVAL").dangerous()).isTrue();
    assertThat(defaults.judge("builtins", "getattr.__call__").dangerous()).isTrue();
    assertThat(defaults.judge("codecs", "encode").dangerous()).isFalse();
    assertThat(defaults.judge("traceback", "format_exc").dangerous()).isFalse();
  }

  @Test
  void userAllowWidensTheAllowlistButNotTheCatalogue() {
    Policy p = defaults.allow(List.of("sklearn.*", "os.*"));
    assertThat(p.judge("sklearn.linear_model", "LogisticRegression").kind())
        .isEqualTo(Judgement.Kind.ALLOWED);
    Judgement os = p.judge("os", "system");
    assertThat(os.kind()).isEqualTo(Judgement.Kind.DANGEROUS);
    assertThat(os.userAllowed()).isTrue();
  }

  @Test
  void py2NamesAreFixed() {
    assertThat(PyNames.fix("__builtin__", "eval")).containsExactly("builtins", "eval");
    assertThat(PyNames.fix("__builtin__", "reduce")).containsExactly("functools", "reduce");
    assertThat(PyNames.fix("copy_reg", "_reconstructor")).containsExactly("copyreg", "_reconstructor");
    assertThat(PyNames.fix("commands", "getoutput")).containsExactly("subprocess", "getoutput");
  }

  @Test
  void dottedNamesAreJudgedByEveryModuleAttributeTail() {
    // pickle protocol 4 resolves "os.system" on torch as torch.os.system, i.e. os.system
    assertThat(defaults.judge("torch", "os.system").category()).isEqualTo("process execution");
    assertThat(defaults.judge("collections", "_sys.modules").dangerous()).isTrue();
    assertThat(defaults.judge("numpy", "core.os.system").dangerous()).isTrue();
    // nested classes are dotted too, and stay merely unlisted
    assertThat(defaults.judge("mypkg.layers", "Block.Config").kind())
        .isEqualTo(Judgement.Kind.UNLISTED);
    assertThat(defaults.judge("torch", "trace").dangerous()).isFalse();
  }

  @Test
  void dunderWalksToTheInterpreterAreGadgets() {
    assertThat(defaults.judge("builtins", "object.__subclasses__").category())
        .isEqualTo("attribute-access gadget");
    assertThat(defaults.judge("collections", "OrderedDict.__init__.__globals__").dangerous())
        .isTrue();
    assertThat(defaults.judge("numpy", "__builtins__").dangerous()).isTrue();
    assertThat(defaults.judge("copyreg", "__newobj__").dangerous()).isFalse();
    assertThat(defaults.judge("collections", "OrderedDict").dangerous()).isFalse();
  }

  @Test
  void helpersInInnocentModulesAreCatalogued() {
    for (String q : List.of("uuid._get_command_stdout", "_osx_support._read_output",
        "torch.fx.graph_module._forward_from_src", "numpy.lib._npyio_impl.load",
        "warnings._getcategory", "pandas.read_csv", "torch.serialization._legacy_load",
        "numexpr.evaluate", "torch.ops.load_library", "xml.sax.parse",
        "torch.distributed.rpc.rpc_sync")) {
      int dot = q.lastIndexOf('.');
      assertThat(defaults.judge(q.substring(0, dot), q.substring(dot + 1)).dangerous())
          .as(q).isTrue();
    }
    // their harmless neighbours are not
    for (String q : List.of("uuid.UUID", "torch.serialization._get_layout", "warnings.warn",
        "pandas.DataFrame", "joblib.numpy_pickle.NumpyArrayWrapper", "numpy.dtype",
        "torch._utils._rebuild_tensor_v2", "torch.distributed.tensor.DTensor",
        "torch.distributed.checkpoint.metadata.Metadata", "sklearn.utils._bunch.Bunch")) {
      int dot = q.lastIndexOf('.');
      assertThat(defaults.judge(q.substring(0, dot), q.substring(dot + 1)).dangerous())
          .as(q).isFalse();
    }
  }
}
