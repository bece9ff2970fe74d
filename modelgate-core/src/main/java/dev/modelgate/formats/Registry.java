package dev.modelgate.formats;

import dev.modelgate.format.archive.CompressedHandler;
import dev.modelgate.format.archive.GenericZipFlavour;
import dev.modelgate.format.archive.SevenZipHandler;
import dev.modelgate.format.archive.TarFlavour;
import dev.modelgate.format.archive.TarHandler;
import dev.modelgate.format.archive.ZipFlavour;
import dev.modelgate.format.archive.ZipHandler;
import dev.modelgate.format.gguf.GgufHandler;
import dev.modelgate.format.jinja.ChatTemplateHandler;
import dev.modelgate.format.joblib.JoblibHandler;
import dev.modelgate.format.keras.KerasH5Handler;
import dev.modelgate.format.keras.KerasJsonHandler;
import dev.modelgate.format.keras.KerasV3Flavour;
import dev.modelgate.format.numpy.NpzFlavour;
import dev.modelgate.format.numpy.NumpyHandler;
import dev.modelgate.format.onnx.OnnxHandler;
import dev.modelgate.format.pickle.PickleHandler;
import dev.modelgate.format.safetensors.SafetensorsHandler;
import dev.modelgate.format.tensorflow.SavedModelHandler;
import dev.modelgate.format.tflite.TfliteHandler;
import dev.modelgate.format.torch.TorchTarFlavour;
import dev.modelgate.format.torch.TorchZipFlavour;
import dev.modelgate.spi.FormatHandler;
import java.util.List;

/**
 * Every format handler and container flavour, in detection order. This is the one place that
 * knows them all: handlers depend on the SPI, never on this list, and only the engine reads it.
 */
public final class Registry {
  private Registry() {}

  /**
   * Handlers in the order they are offered a file: formats with unambiguous magic numbers first,
   * then containers, then formats recognised by structure (protobuf, pickle) last.
   */
  public static List<FormatHandler> handlers() {
    return List.of(
        // Magic numbers first.
        new GgufHandler(),
        new KerasH5Handler(),
        new TfliteHandler(),
        new dev.modelgate.format.executorch.ExecuTorchHandler(),
        new NumpyHandler(),
        new dev.modelgate.format.rdata.RdsHandler(),
        new dev.modelgate.format.catboost.CatBoostHandler(),
        new dev.modelgate.format.coreml.MilBlobHandler(),
        // Containers; a zip chooses its flavour (pytorch-zip, npz, keras-v3, plain archive).
        new ZipHandler(zipFlavours()),
        new SevenZipHandler(),
        // gzip/bz2/xz/lzma/zstd become one member (a compressed joblib dump is scanned inside);
        // joblib's zlib dumps have no magic number and are claimed by the joblib handler.
        new CompressedHandler(),
        new JoblibHandler(),
        new TarHandler(tarFlavours()),
        new dev.modelgate.format.torch.LegacyTorchHandler(),
        // Recognised by structure.
        new SafetensorsHandler(),
        new dev.modelgate.format.xgboost.XgbHandler(),
        new dev.modelgate.format.lightgbm.LgbHandler(),
        new dev.modelgate.format.openvino.IrHandler(),
        new dev.modelgate.format.coreml.ManifestHandler(),
        new KerasJsonHandler(),
        new ChatTemplateHandler(),
        new dev.modelgate.format.coreml.CoreMlHandler(), // before ONNX: both start with field 1
        new OnnxHandler(),
        new SavedModelHandler(),
        new dev.modelgate.format.caffe.CaffeHandler(),
        new dev.modelgate.format.torch7.Torch7Handler(),
        new dev.modelgate.format.paddle.PaddleHandler(),
        new dev.modelgate.format.flax.FlaxHandler(),
        new PickleHandler() // plain pickle: LAST in the list
    );
  }

  /** ZIP flavours in the order they are offered an archive; the generic one comes last. */
  public static List<ZipFlavour> zipFlavours() {
    return List.of(new TorchZipFlavour(), new NpzFlavour(), new KerasV3Flavour(),
        new dev.modelgate.format.skops.SkopsFlavour(), new GenericZipFlavour());
  }

  /** TAR flavours in the order they are offered an archive; unclaimed archives are generic. */
  public static List<TarFlavour> tarFlavours() {
    return List.of(new TorchTarFlavour(), new dev.modelgate.format.nemo.NemoTarFlavour());
  }
}
