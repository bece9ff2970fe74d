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
        // Each format package adds its handler here, one line each.
        new dev.modelgate.format.numpy.NumpyHandler(),
        new dev.modelgate.format.archive.ZipHandler(),
        new dev.modelgate.format.archive.SevenZipHandler(),
        new dev.modelgate.format.archive.CompressedHandler(),
        new dev.modelgate.format.archive.TarHandler(),
        new dev.modelgate.format.joblib.JoblibHandler(),
        new dev.modelgate.format.torch.LegacyTorchHandler(),
        new dev.modelgate.format.pickle.PickleHandler() // plain pickle: LAST in the list
    );
  }
}
