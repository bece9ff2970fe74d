package dev.modelgate.format.torch;

import dev.modelgate.format.pickle.PickleDescription;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.spi.Description;
import dev.modelgate.tensor.Tensor;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the torch readers found in a checkpoint, as its handler judged it: the layout, the object
 * pickle {@code torch.load} returns (parsed once, by the scan), and the storages its persistent
 * ids name, with their byte windows in the scanned source. {@link #tensors()} walks that pickle
 * for the tensor views it rebuilds ({@link Rebuild}, the list the scan's bounds checks use) and
 * resolves them to those windows; nothing is parsed again and no path is opened again, so what
 * is converted is what was scanned. Only tensor bytes are read after the scan, from the same
 * open source: they are data, copied as they are, never judged.
 */
public final class TorchCheckpoint implements Description {

  /** How the checkpoint is laid out on disk, with the format id the scan reports for it. */
  public enum Layout {
    /** {@code torch.save} since 1.6: a zip of {@code <top>/data.pkl} and {@code data/<key>}. */
    ZIP("pytorch-zip"),
    /** {@code _use_new_zipfile_serialization=False}: five pickles, then the storages. */
    LEGACY("pytorch-legacy"),
    /** The oldest format: a TAR of {@code sys_info}, {@code pickle}, {@code storages}, {@code tensors}. */
    TAR("pytorch-tar");

    private final String format;

    Layout(String format) {
      this.format = format;
    }

    public String format() {
      return format;
    }
  }

  /** The tensors a checkpoint rebuilds, ready to copy, and how many non-tensor leaves it holds. */
  public record Tensors(List<Tensor> tensors, int skipped) {
    public Tensors {
      tensors = List.copyOf(tensors);
    }
  }

  /** One layout's storages: how the object pickle's persistent ids resolve to bytes. */
  interface Storages extends Closeable {
    /** A resolver over the scanned source; may open members (kept until {@link #close}). */
    TensorWalk.Resolver resolver() throws IOException;

    @Override
    default void close() throws IOException {}
  }

  private final Layout layout;
  private final PickleDescription objects;
  private final String pickleName;
  private final Storages storages;

  TorchCheckpoint(Layout layout, PickleDescription objects, String pickleName,
      Storages storages) {
    this.layout = layout;
    this.objects = objects;
    this.pickleName = pickleName;
    this.storages = storages;
  }

  public Layout layout() {
    return layout;
  }

  /** The format id, as the scan reports it. */
  public String format() {
    return layout.format();
  }

  /** The object pickle, as the scan parsed and judged it. */
  public PickleDescription pickle() {
    return objects;
  }

  /**
   * The tensors the object pickle rebuilds, named by where they sit in its dicts and lists
   * ({@code a.b.0}; a bare tensor is {@code tensor}), as views over the scanned source's
   * storages. Checkpoints the scan judged clean can still hold what safetensors cannot
   * (quantised tensors, untyped legacy storages): those are refused here.
   *
   * @throws InvalidInputException naming what cannot be converted (rules {@code convert.*})
   */
  public Tensors tensors() throws IOException {
    if (!objects.cleanEnd()) {
      throw new InvalidInputException("convert.pickle", pickleName + " does not end cleanly: "
          + (objects.error() == null ? "no STOP" : objects.error().message()), pickleName);
    }
    TensorWalk.Result r = TensorWalk.extract(objects.result(), storages.resolver());
    List<Tensor> out = new ArrayList<>(r.tensors().size());
    for (TensorWalk.Found f : r.tensors()) {
      out.add(TensorWalk.toTensor(f));
    }
    return new Tensors(out, r.skipped());
  }

  /** Closes the members inflated for {@link #tensors()} (spilled to temporary files). */
  @Override
  public void close() throws IOException {
    storages.close();
  }
}
