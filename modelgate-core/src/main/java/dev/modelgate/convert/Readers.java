package dev.modelgate.convert;

import dev.modelgate.format.torch.TorchZipFlavour;
import dev.modelgate.format.archive.TarArchive;
import dev.modelgate.format.archive.ZipArchive;
import dev.modelgate.io.Budget;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.io.Limits;
import java.io.IOException;
import java.util.Arrays;

/** Picks the reader for an input from its content, never from its name. */
final class Readers {
  private static final byte[] ZIP = {'P', 'K', 3, 4};
  private static final byte[] NPY = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  private Readers() {}

  /**
   * Output may exceed the input (tied weights and overlapping views are written once per name),
   * but a view with zero strides can make a few bytes describe terabytes: beyond this factor the
   * checkpoint is refused rather than expanded.
   */
  static final long MAX_EXPANSION = 16;
  static final long EXPANSION_FLOOR = 256L << 20;

  /** The tensors of a checkpoint this package converts (pickle-based or numpy). */
  static TensorSet read(ByteSource src) throws IOException {
    TensorSet set = dispatch(src);
    try {
      long total = 0;
      for (dev.modelgate.tensor.Tensor t : set.tensors()) {
        dev.modelgate.tensor.TensorBytes.checkBounds(t);
        total = Math.addExact(total, t.byteLength());
      }
      long max = Math.addExact(Math.multiplyExact(src.size(), MAX_EXPANSION), EXPANSION_FLOOR);
      if (total > max) {
        throw new InvalidInputException("convert.expansion", "the tensors' views describe "
            + total + " bytes from a " + src.size() + "-byte file (more than " + MAX_EXPANSION
            + "x): zero-stride views would be expanded", "");
      }
      return set;
    } catch (ArithmeticException e) {
      set.close();
      throw new InvalidInputException("convert.expansion", "tensor sizes overflow", "");
    } catch (IOException e) {
      set.close();
      throw e;
    }
  }

  private static TensorSet dispatch(ByteSource src) throws IOException {
    byte[] head = src.head(4096);
    Budget budget = new Budget(Limits.DEFAULT);
    if (startsWith(head, ZIP)) {
      ZipArchive z = ZipArchive.read(src, Limits.DEFAULT);
      if (TorchZipFlavour.top(z).isPresent()) {
        return TorchZipReader.read(src, budget);
      }
      return NumpyReader.npz(src, z, budget);
    }
    if (startsWith(head, NPY)) {
      return NumpyReader.npy(src, "tensor", "numpy-npy", java.util.List.of());
    }
    if (TarArchive.looksLikeTar(head)) {
      return LegacyTarReader.read(src);
    }
    if (head.length > 0 && (head[0] & 0xff) == 0x80) {
      return LegacyReader.read(src);
    }
    throw new InvalidInputException("convert.format", "not a PyTorch checkpoint (zip, legacy or"
        + " TAR) nor a numpy .npy/.npz file", "");
  }

  static boolean startsWith(byte[] head, byte[] magic) {
    return head.length >= magic.length
        && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
  }
}
