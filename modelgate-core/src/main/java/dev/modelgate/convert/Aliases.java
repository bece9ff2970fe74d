package dev.modelgate.convert;

import dev.modelgate.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tied weights: several names for one tensor (the same view of the same storage). By default
 * every name is written, so {@code load_state_dict(strict=True)} finds them all; with
 * {@code --dedupe} only the first name is kept, as Hugging Face's converter does, and each dropped
 * name is recorded in {@code __metadata__} as {@code dropped -> kept}.
 */
final class Aliases {
  private Aliases() {}

  record Deduped(List<Tensor> kept, Map<String, String> dropped) {}

  static Deduped dedupe(List<Tensor> tensors) {
    Map<String, String> firstName = new HashMap<>();
    List<Tensor> kept = new ArrayList<>();
    Map<String, String> dropped = new LinkedHashMap<>();
    for (Tensor t : tensors) {
      if (t.storageKey() == null) {
        kept.add(t);
        continue;
      }
      String key = t.storageKey() + "|" + t.storage().size() + "|" + t.dtype() + "|" + t.offset()
          + "|" + Arrays.toString(t.shape()) + "|" + Arrays.toString(t.strides());
      String first = firstName.putIfAbsent(key, t.name());
      if (first == null) {
        kept.add(t);
      } else {
        dropped.put(t.name(), first);
      }
    }
    return new Deduped(kept, dropped);
  }
}
