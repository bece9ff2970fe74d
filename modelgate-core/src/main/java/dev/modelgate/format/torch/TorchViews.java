package dev.modelgate.format.torch;

import dev.modelgate.format.pickle.PickleDescription;
import dev.modelgate.format.pickle.PickleValue;
import dev.modelgate.rules.Finding;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.rules.Verdict;
import dev.modelgate.tensor.DType;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Tensor views a checkpoint asks torch to build over its storages ({@link Rebuild}):
 * {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, ...)}. torch.load refuses a
 * negative offset, size or stride and a view that addresses elements past the end of its storage
 * ("Trying to resize storage that is not resizable"); a converter or C++ loader that trusted the
 * view would read out of bounds, so such views make the file invalid. Tensor bytes are never read:
 * the storage's element count comes from its persistent id, already checked against its member.
 */
final class TorchViews {
  private TorchViews() {}

  static void check(ScanContext ctx, PickleDescription d, String pickleName) {
    check(ctx, d, pickleName, TorchStorages::parse);
  }

  /** As above, reading storage ids with {@code ids} (zip and legacy ids differ in shape). */
  static void check(ScanContext ctx, PickleDescription d, String pickleName,
      java.util.function.Function<PickleValue.PersistentRef, TorchStorages.@Nullable Ref> ids) {
    for (PickleDescription.CallSite site : d.calls()) {
      Rebuild.View view = Rebuild.View.of(site.call());
      if (view == null) {
        continue;
      }
      TorchStorages.Ref ref = ids.apply(view.storage());
      if (ref == null || ref.numel() < 0) {
        continue; // malformed persistent ids are reported with the storages
      }
      long elements = ref.numel();
      if (view.kind().dtypeArgument && ref.type() instanceof PickleValue.Global st
          && st.name().equals("UntypedStorage")) {
        int size = view.args().get(6) instanceof PickleValue.Global dt
            && dt.module().equals("torch")
            ? DType.ofTorchDtype(dt.name()).map(DType::size).orElse(-1) : -1;
        if (size <= 0) {
          continue; // an unknown dtype is judged by the allowlist, not here
        }
        elements = ref.numel() / size;
      }
      String problem = problem(view.args(), elements);
      if (problem != null) {
        ctx.add(new Finding("torch.view-bounds", Verdict.INVALID, "tensor view over storage "
            + ref.key() + ": " + problem + "; torch.load refuses it and a loader that trusts it"
            + " reads out of bounds", pickleName + "@" + site.offset(), site.text()));
      }
    }
  }

  /** Why the view (offset, size, stride) does not fit in {@code numel} elements, or null. */
  static @Nullable String problem(List<PickleValue> args, long numel) {
    if (args.get(1) instanceof PickleValue.Int i && integer(i) == null) {
      return "storage offset " + i.value() + " out of range";
    }
    Long offset = integer(args.get(1));
    if (!(args.get(2) instanceof PickleValue.Tuple size)
        || !(args.get(3) instanceof PickleValue.Tuple stride) || offset == null) {
      return null; // not the shape torch writes; the unpickler allowlist judges the rest
    }
    if (offset < 0) {
      return "negative storage offset " + offset;
    }
    if (size.items().size() != stride.items().size()) {
      return size.items().size() + " sizes but " + stride.items().size() + " strides";
    }
    long last = offset;
    boolean empty = false;
    for (int i = 0; i < size.items().size(); i++) {
      Long n = integer(size.items().get(i));
      Long s = integer(stride.items().get(i));
      if (n == null || s == null || n < 0 || s < 0) {
        return "size " + show(size.items().get(i)) + " / stride " + show(stride.items().get(i))
            + " in dimension " + i + " is not a non-negative integer";
      }
      if (n == 0) {
        empty = true;
        continue;
      }
      try {
        last = Math.addExact(last, Math.multiplyExact(n - 1, s));
      } catch (ArithmeticException e) {
        return "the view's extent overflows";
      }
    }
    if (!empty && last >= numel) {
      return "reaches element " + last + " but the storage holds " + numel;
    }
    return null;
  }

  private static String show(PickleValue v) {
    return v instanceof PickleValue.Int i ? i.value().toString() : v.getClass().getSimpleName();
  }

  private static @Nullable Long integer(PickleValue v) {
    if (v instanceof PickleValue.Int i) {
      long x = i.longValue(Long.MIN_VALUE);
      return x == Long.MIN_VALUE ? null : x;
    }
    return null;
  }
}
