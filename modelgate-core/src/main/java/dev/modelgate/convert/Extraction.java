package dev.modelgate.convert;

import dev.modelgate.format.numpy.NpyArray;
import dev.modelgate.format.numpy.NpzArchive;
import dev.modelgate.format.torch.TorchCheckpoint;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.spi.Description;
import dev.modelgate.tensor.Tensor;
import dev.modelgate.tensor.TensorBytes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The tensors of a scanned input, taken from what the scan's readers described: this package
 * has no readers of its own, so it converts exactly the structure the scan judged.
 */
final class Extraction {
  /**
   * Output may exceed the input (tied weights and overlapping views are written once per name),
   * but a view with zero strides can make a few bytes describe terabytes: beyond this factor the
   * checkpoint is refused rather than expanded.
   */
  static final long MAX_EXPANSION = 16;
  static final long EXPANSION_FLOOR = 256L << 20;

  private Extraction() {}

  /**
   * The tensors {@code d} describes, each view checked against its storage.
   *
   * @param sourceSize bytes of the scanned input, which bounds what its views may expand to
   */
  static TensorSet of(@Nullable Description d, long sourceSize) throws IOException {
    TensorSet set = switch (d) {
      case TorchCheckpoint t -> {
        TorchCheckpoint.Tensors ts = t.tensors();
        yield new TensorSet(t.format(), ts.tensors(), ts.skipped());
      }
      case NpyArray a -> new TensorSet("numpy-npy", List.of(tensor(a, "tensor")), 0);
      case NpzArchive z -> new TensorSet("numpy-npz", members(z), 0);
      case null, default -> throw new InvalidInputException("convert.format", "not a PyTorch"
          + " checkpoint (zip, legacy or TAR) nor a numpy .npy/.npz file", "");
    };
    try {
      long total = 0;
      for (Tensor t : set.tensors()) {
        TensorBytes.checkBounds(t);
        total = Math.addExact(total, t.byteLength());
      }
      long max = Math.addExact(Math.multiplyExact(sourceSize, MAX_EXPANSION), EXPANSION_FLOOR);
      if (total > max) {
        throw new InvalidInputException("convert.expansion", "the tensors' views describe "
            + total + " bytes from a " + sourceSize + "-byte file (more than " + MAX_EXPANSION
            + "x): zero-stride views would be expanded", "");
      }
    } catch (ArithmeticException e) {
      throw new InvalidInputException("convert.expansion", "tensor sizes overflow", "");
    }
    return set;
  }

  /** Each {@code NAME.npy} member of an {@code .npz} is a tensor named {@code NAME}. */
  private static List<Tensor> members(NpzArchive z) throws IOException {
    List<Tensor> out = new ArrayList<>();
    for (NpzArchive.Member m : z.members()) {
      if (!m.name().endsWith(".npy") || m.array() == null) {
        throw new InvalidInputException("convert.npz-member", "member " + m.name()
            + " is not an .npy array", m.name());
      }
      out.add(tensor(m.array(), m.name().substring(0, m.name().length() - 4)));
    }
    return out;
  }

  /** Object arrays are pickles: refused, never converted. */
  private static Tensor tensor(NpyArray a, String name) throws IOException {
    if (a.objects()) {
      throw new RefusedException(name + " is an object array: its data is a pickle, which is"
          + " not converted");
    }
    return a.tensor(name);
  }
}
