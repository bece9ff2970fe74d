package dev.modelgate.format.pickle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.format.pickle.PickleValue.Call;
import dev.modelgate.format.pickle.PickleValue.Dict;
import dev.modelgate.format.pickle.PickleValue.Entry;
import dev.modelgate.io.BytesSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The neutral description the machine produces, independent of any policy. */
class PickleMachineTest {

  static PickleDescription run(byte[] b) throws IOException {
    return new PickleMachine(new BytesSource(b, "t"), 0, "t").run();
  }

  static PickleDescription fixture(String name) throws IOException {
    return run(Files.readAllBytes(PickleFixturesTest.DIR.resolve(name)));
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void torchStateDictDescribesTensorsAndStorages() throws IOException {
    PickleDescription d = fixture("torch_state_dict.data.pkl");
    assertThat(d.cleanEnd()).isTrue();
    assertThat(d.protocol()).isEqualTo(2);
    assertThat(d.persistentIds()).hasSize(6);
    assertThat(Render.value(d.persistentIds().get(0).pid()))
        .isEqualTo("('storage', torch.FloatStorage, '0', 'cpu', 6)");
    Call od = (Call) d.result();
    assertThat(od.global().qualified()).isEqualTo("collections.OrderedDict");
    assertThat(od.entries()).hasSize(6);
    Entry first = od.entries().get(0);
    assertThat(((PickleValue.Str) first.key()).text()).isEqualTo("f32");
    Call tensor = (Call) first.value();
    assertThat(tensor.global().qualified()).isEqualTo("torch._utils._rebuild_tensor_v2");
    assertThat(tensor.args().get(0)).isInstanceOf(PickleValue.PersistentRef.class);
    assertThat(Render.value(tensor.args().get(2))).isEqualTo("(2, 3)");
    assertThat(d.globals()).extracting(PickleValue.Global::qualified)
        .contains("torch.BFloat16Storage", "torch.BoolStorage", "torch.CharStorage");
  }

  @Test
  void sharedStoragesAndViewOffsets() throws IOException {
    PickleDescription d = fixture("torch_shared_views.data.pkl");
    Dict top = (Dict) d.result();
    Call view = (Call) top.get("view");
    assertThat(Render.value(view.args().get(1))).isEqualTo("4");
    // the memo shares one storage reference between tensors
    assertThat(d.persistentIds()).extracting(p -> Render.value(p.pid()))
        .containsOnly("('storage', torch.FloatStorage, '0', 'cpu', 12)");
  }

  @Test
  void protocolZeroValues() throws IOException {
    PickleDescription d = run(ascii("(dp0\nS'a'\np1\nI01\nsS'b'\nF1.5\nsS'c'\nL12345678901234567890L\n"
        + "sV\\u00e9\np2\n(I1\nI-2\nlp3\ns."));
    assertThat(Render.value(d.result()))
        .isEqualTo("{'a': True, 'b': 1.5, 'c': 12345678901234567890, 'é': [1, -2]}");
  }

  @Test
  void binaryValuesOfLaterProtocols() throws IOException {
    byte[] p = {(byte) 0x80, 5, '(', (byte) 0x8f, '(', 'K', 1, 'M', 2, 1, (byte) 0x90, (byte) 0x8a, 2,
        (byte) 0xff, 0x7f, 'G', 0x3f, (byte) 0xf8, 0, 0, 0, 0, 0, 0, (byte) 0x96, 2, 0, 0, 0, 0, 0,
        0, 0, 'h', 'i', 't', '.'};
    PickleDescription d = run(p);
    assertThat(d.cleanEnd()).isTrue();
    assertThat(Render.value(d.result())).isEqualTo("({1, 258}, 32767, 1.5, bytearray(b'hi'))");
  }

  @Test
  void callsAreRecordedBeforeABreak() throws IOException {
    PickleDescription d = fixture("nullifai_broken.pkl");
    assertThat(d.cleanEnd()).isFalse();
    assertThat(d.error().rule()).isEqualTo("pickle.malformed");
    assertThat(d.calls()).extracting(PickleDescription.CallSite::text)
        .containsExactly("os.system('touch /tmp/mg-fixture')");
  }

  @Test
  void memoSelfReferenceRendersBounded() throws IOException {
    // l = []; l.append(l) -- a cycle through the memo
    PickleDescription d = run(new byte[] {(byte) 0x80, 2, ']', 'q', 0, 'h', 0, 'a', '.'});
    assertThat(Render.value(d.result())).hasSizeLessThan(PickleLimits.RENDER_CHARS + 10)
        .startsWith("[[[");
  }

  @Test
  void stackGlobalNeedsStrings() throws IOException {
    PickleDescription d = run(new byte[] {(byte) 0x80, 4, 'K', 1, 'K', 2, (byte) 0x93, '.'});
    assertThat(d.error().rule()).isEqualTo("pickle.malformed");
    assertThat(d.error().message()).contains("STACK_GLOBAL");
  }

  @Test
  void popOnEmptyFrameDiscardsTheMarkLikeCPython() throws IOException {
    PickleDescription d = run(ascii("N(0."));
    assertThat(d.cleanEnd()).isTrue();
    assertThat(d.result()).isInstanceOf(PickleValue.None.class);
  }

  @Test
  void joblibObjectArrayIsANestedPickle() throws IOException {
    PickleDescription d = fixture("joblib_object_array.joblib");
    assertThat(d.cleanEnd()).isTrue();
    assertThat(d.globals()).extracting(PickleValue.Global::qualified)
        .contains("joblib.numpy_pickle.NumpyArrayWrapper", "numpy._core.multiarray._reconstruct");
  }

  @Test
  void hostileLengthsAreRejectedBeforeAllocation() throws IOException {
    byte[] b = {(byte) 0x80, 4, (byte) 0x8e, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
        (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 'x'};
    assertThat(run(b).error().rule()).isEqualTo("pickle.truncated");
    assertThat(run(new byte[] {(byte) 0x80, 2, (byte) 0x8b, 0, 0, 0, 0x70, '.'}).error().rule())
        .isEqualTo("pickle.truncated");
    assertThat(run(new byte[] {(byte) 0x80, 9, '.'}).error().message())
        .contains("unsupported pickle protocol 9");
  }
}
