package dev.modelgate.format.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.format.python.GeneratedCode.Dialect;
import dev.modelgate.io.Budget;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.Limits;
import dev.modelgate.policy.Policy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Red team 6, point 8: what counts as generated torch code, and what is a payload. */
class GeneratedCodeTest {
  private static final String FX_IMPORTS = "\nNoneType = type(None)\n"
      + "from builtins import getattr as getattr\nfrom math import inf\nfrom torch import device\n"
      + "import torch\nimport torch.fx._pytree as fx_pytree\nimport torch.utils._pytree as pytree\n";
  private static final String FX_BODY = """


      torch.fx._symbolic_trace.wrap("len")

      def forward(self, x, y = None):
          lin = self.lin(x)
          relu = torch.relu(lin);  lin = None
          view = relu.view(-1);  relu = None
          sum_1 = view.sum(dim = 0, keepdim = True);  view = None
          softmax = torch.nn.functional.softmax(x, dim = -1, _stacklevel = 3, dtype = None)
          getattr_1 = softmax.shape;  softmax = None
          getitem = x[(Ellipsis, slice(1, 3, None))]
          l = len(x)
          sub = getattr(self, "0").weight
          add = torch.ops.aten.add.Tensor(sum_1, 1.5e-3);  sum_1 = None
          full = torch.ops.aten.full.default([2], inf, dtype = torch.float32, device = device(type='cpu'))
          return (add, getitem, getattr_1[0], l, pytree.tree_unflatten((full,), self._out_spec))
      """;

  private static GeneratedCode.Result fx(String code) throws InvalidInputException {
    return GeneratedCode.judge(FX_IMPORTS + code, Dialect.FX, Policy.defaults(),
        new Budget(Limits.DEFAULT), "t");
  }

  private static GeneratedCode.Result ts(String code) throws InvalidInputException {
    return GeneratedCode.judge(code, Dialect.TORCHSCRIPT, Policy.defaults(),
        new Budget(Limits.DEFAULT), "t");
  }

  @Test
  void torchFxOutputIsTorchOnly() throws InvalidInputException {
    GeneratedCode.Result r = fx(FX_BODY);
    assertThat(r.problem()).isNull();
    assertThat(r.torchOnly()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "    os = __import__('os')",
      "    import subprocess",
      "    _x = ().__class__.__base__",
      "    _o = getattr(torch, 'os')",
      "    _n = getattr(x, name)",
      "    _f = torch.load('/tmp/x')",
      "    _f = torch.hub.load('a', 'b')",
      "    _f = torch.ops.load_library('/tmp/x.so')",
      "    _f = torch.ops.aten.from_file('/etc/passwd')",
      "    _e = eval('1')",
      "    _e = exec",
      "    _a = torch.load",
      "    _l = (lambda: 1)()",
      "    _s = f'{x}'",
      "    torch.relu = print",
      "    if x: pass",
      "    for i in range(3): pass",
      "    _o = open('/etc/passwd')",
      "    _b = builtins.open",
      "    from os import system",
      "    from . import helper",
      "    _i = math.__dict__",
      "    _x = torch._C._get_tracing_state()",
      "    _z = \"abc",
  })
  void anythingElseInFxCodeIsAProblemOnItsLine(String line) throws InvalidInputException {
    String code = FX_BODY.replace("    lin = self.lin(x)\n", line + "\n    lin = self.lin(x)\n");
    GeneratedCode.Result r = fx(code);
    assertThat(r.problem()).as(line).isNotNull();
    assertThat(r.problem().text()).isEqualTo(line.strip());
  }

  @Test
  void anImportInTheBlockIsNamedWithItsLine() throws InvalidInputException {
    GeneratedCode.Result r = fx("import os\n" + FX_BODY);
    assertThat(r.problem().message()).contains("imports os, outside torch");
    assertThat(r.problem().text()).isEqualTo("import os");
  }

  private static final String TS = """
      class M(Module):
        __parameters__ = ["weight", ]
        __buffers__ = []
        weight : Tensor
        training : bool
        _is_full_backward_hook : Optional[bool]
        sub : __torch__.Sub
        stride : Final[Tuple[int, int]] = (1, 1)
        def forward(self: __torch__.M,
          x: Tensor,
          d: Optional[Dict[str, int]]=None) -> Tuple[Tensor, int]:
          _0 = uninitialized(Dict[str, int])
          sub = self.sub
          y = (sub).forward(x, )
          n = 0
          d0: Optional[Dict[str, int]] = d
          for i in range(3):
            if torch.__isnot__(d0, None):
              d3 = unchecked_cast(Dict[str, int], d0)
              n1, d2 = torch.sub(n, 1), d3
            elif bool(n):
              n1 = 2
            else:
              ops.prim.RaiseException(torch.add("bad ", str(i)), "builtins.RuntimeError")
          while torch.gt(n, 10):
            n = torch.floordiv(n, 2)
          z = annotate(List[Tensor], [])
          _7 = torch.append(z, torch.mul(y, CONSTANTS.c0))
          _11 = __torch__.torch.nn.functional.relu(y, False, )
          return (torch.add(torch.sum(y), inf), n)
      """;

  @Test
  void torchScriptPrinterOutputIsTorchOnly() throws InvalidInputException {
    assertThat(ts(TS).problem()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"_9 = torch.from_file(\"/etc/passwd\", False, 4)",
      "_9 = torch.save(y, \"/tmp/x\")", "_9 = ops.aten.save(y, \"/tmp/x\")",
      "_9 = os.system(\"id\")", "_9 = torch.distributed.rpc.rpc_sync(\"w\", print)",
      "_9 = y.__class__", "try:", "import os"})
  void torchScriptReachingOutIsAProblem(String line) throws InvalidInputException {
    String code = TS.replace("    sub = self.sub\n", "    " + line + "\n    sub = self.sub\n");
    GeneratedCode.Result r = ts(code);
    assertThat(r.problem()).as(line).isNotNull();
    assertThat(r.problem().text()).isEqualTo(line);
  }

  @Test
  void sourcePythonWouldNotTokenizeIsAProblem() throws InvalidInputException {
    assertThat(ts("def f(x):\n  return (x\n").problem().message()).contains("never closed");
    assertThat(ts("x = 'abc\n").problem().message()).contains("unterminated");
    assertThat(ts("x = 1 $ 2\n").problem().line()).isEqualTo(1);
  }

  @Test
  void tokenizingIsChargedToTheBudget() {
    Limits tiny = Limits.DEFAULT.with("work", "100");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> GeneratedCode.judge("x = 1\n"
        .repeat(100), Dialect.TORCHSCRIPT, Policy.defaults(), new Budget(tiny), "t"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("work");
  }

  /** A module name of dots only ("import ." is no Python) once split to nothing and threw. */
  @ParameterizedTest
  @ValueSource(strings = {"import .", "import ..", "import . as m"})
  void aDotsOnlyImportIsAProblemNotACrash(String line) throws InvalidInputException {
    for (Dialect d : Dialect.values()) {
      GeneratedCode.Result r = GeneratedCode.judge(line + "\n", d, Policy.defaults(),
          new Budget(Limits.DEFAULT), "t");
      assertThat(r.torchOnly()).as(d.toString()).isFalse();
    }
  }
}
