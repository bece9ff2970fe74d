package dev.modelgate.format.torch;

import dev.modelgate.format.pickle.PickleValue;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The functions {@code torch.load} calls to rebuild a tensor over a storage, and how each names
 * its view: {@code (storage, storage_offset, size, stride, ...)}. One list for the scan, which
 * checks every view against its storage ({@link TorchViews}), and for extraction, which turns
 * the views into tensors ({@link TensorWalk}): a function added here is checked and converted
 * alike, or refused by both.
 */
enum Rebuild {
  TENSOR("torch._utils._rebuild_tensor", false, true),
  TENSOR_V2("torch._utils._rebuild_tensor_v2", false, true),
  /**
   * Written for untyped storages: the storage id counts bytes, and the element type is the 7th
   * argument, a {@code torch.<dtype>} global.
   */
  TENSOR_V3("torch._utils._rebuild_tensor_v3", true, true),
  /** Quantised: its view is checked like the others, but safetensors has no quantised types. */
  QTENSOR("torch._utils._rebuild_qtensor", false, false);

  /** Wrappers whose first argument is a rebuilt tensor: parameters are tensors to a state dict. */
  static final Set<String> WRAPPERS = Set.of("torch._utils._rebuild_parameter",
      "torch._utils._rebuild_parameter_with_state", "torch.nn.parameter.Parameter");

  final String qualified;
  /** True when the element type is an argument, not the storage's type. */
  final boolean dtypeArgument;
  /** True when the tensor can be written to safetensors. */
  final boolean convertible;

  Rebuild(String qualified, boolean dtypeArgument, boolean convertible) {
    this.qualified = qualified;
    this.dtypeArgument = dtypeArgument;
    this.convertible = convertible;
  }

  /** Arguments the call needs for its view to be read at all. */
  int minArgs() {
    return dtypeArgument ? 7 : 4;
  }

  /** The rebuild function {@code q} names, or null. */
  static @Nullable Rebuild of(String q) {
    for (Rebuild r : values()) {
      if (r.qualified.equals(q)) {
        return r;
      }
    }
    return null;
  }

  /** Any of torch's {@code _rebuild_*} functions, known here or not. */
  static boolean family(String q) {
    return q.startsWith("torch._utils._rebuild_");
  }

  /** A call that rebuilds a plain tensor, by name ({@code torch._utils._rebuild_tensor*}). */
  static boolean rebuildsTensor(PickleValue.Call c) {
    PickleValue.Global g = c.global();
    return g != null && g.module().equals("torch._utils")
        && g.name().startsWith("_rebuild_tensor");
  }

  /**
   * A view as a rebuild call names it, before any of its arguments is trusted.
   *
   * @param args the call's arguments: storage, offset, size, stride, ...
   */
  record View(Rebuild kind, PickleValue.PersistentRef storage, List<PickleValue> args) {

    /** The view {@code c} names, or null when it is no rebuild call with a storage id. */
    static @Nullable View of(PickleValue.Call c) {
      PickleValue.Global g = c.global();
      Rebuild kind = g == null ? null : Rebuild.of(g.qualified());
      if (kind == null || c.args().size() < kind.minArgs()
          || !(c.args().get(0) instanceof PickleValue.PersistentRef p)) {
        return null;
      }
      return new View(kind, p, c.args());
    }
  }
}
