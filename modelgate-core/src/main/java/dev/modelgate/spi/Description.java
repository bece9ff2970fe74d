package dev.modelgate.spi;

import java.io.Closeable;
import java.io.IOException;

/**
 * What a format's reader found in one file: the structure its handler judged (a torch
 * checkpoint's pickle, storages and tensor views; a numpy header and data window; a safetensors
 * or GGUF header), published through {@link ScanContext#describe} for callers that go on to use
 * the file after the scan (convert, inspect, the gateway). They read what was judged from here
 * and never parse the same bytes a second time. A description may hold resources (inflated
 * members spilled to temporary files); whoever owns it closes it.
 */
public interface Description extends Closeable {
  @Override
  default void close() throws IOException {}
}
