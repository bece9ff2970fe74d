package dev.modelgate.scan;

import java.util.List;

/**
 * Every format handler, in detection order: formats with unambiguous magic numbers first, then
 * containers, then formats recognised by structure (protobuf, pickle) last.
 */
final class Handlers {
  private Handlers() {}

  static List<FormatHandler> all() {
    return List.of(
        // Magic numbers first.
        new dev.modelgate.format.gguf.GgufHandler(),
        new dev.modelgate.format.keras.KerasH5Handler(),
        new dev.modelgate.format.tflite.TfliteHandler(),
        new dev.modelgate.format.numpy.NumpyHandler(),
        // Containers; a zip chooses its flavour (pytorch-zip, npz, keras-v3, plain archive).
        new dev.modelgate.format.archive.ZipHandler(),
        new dev.modelgate.format.archive.SevenZipHandler(),
        // gzip/bz2/xz/lzma/zstd become one member (a compressed joblib dump is scanned inside);
        // joblib's zlib dumps have no magic number and are claimed by the joblib handler.
        new dev.modelgate.format.archive.CompressedHandler(),
        new dev.modelgate.format.joblib.JoblibHandler(),
        new dev.modelgate.format.archive.TarHandler(),
        new dev.modelgate.format.torch.LegacyTorchHandler(),
        // Recognised by structure.
        new dev.modelgate.format.safetensors.SafetensorsHandler(),
        new dev.modelgate.format.keras.KerasJsonHandler(),
        new dev.modelgate.format.jinja.ChatTemplateHandler(),
        new dev.modelgate.format.onnx.OnnxHandler(),
        new dev.modelgate.format.tensorflow.SavedModelHandler(),
        new dev.modelgate.format.pickle.PickleHandler() // plain pickle: LAST in the list
    );
  }
}
