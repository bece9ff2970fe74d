package dev.modelgate.format.hdf5;

import dev.modelgate.format.hdf5.Hdf5File.Dataset;
import dev.modelgate.format.hdf5.Hdf5File.ExternalFile;
import dev.modelgate.format.hdf5.ObjectHeader.Message;
import dev.modelgate.io.InvalidInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Describes one dataset from its messages: declared size (dims times element size), bytes really
 * stored (contiguous extent, compact size, or the sum of chunk sizes from a version 1 chunk
 * B-tree), and any references to other files (external storage, virtual sources).
 */
final class Datasets {
  private static final int MAX_VIRTUAL_ENTRY = 1 << 20;

  private Datasets() {}

  static Dataset describe(Hdf5Io io, String path, @Nullable Message spaceMsg,
      @Nullable Message typeMsg, Message layoutMsg, @Nullable Message externalMsg,
      String location, List<String> unreadable)
      throws IOException {
    if (spaceMsg == null || typeMsg == null) {
      throw io.invalid("hdf5.dataset", "dataset " + path + " lacks a dataspace or datatype",
          layoutMsg.offset() - io.base);
    }
    Dataspace space = Dataspace.parse(io, spaceMsg.cursor(io));
    Datatype type = Datatype.parse(typeMsg.cursor(io));
    DataLayout layout = DataLayout.parse(io, layoutMsg.cursor(io));
    long elements = space.elements();
    long declared;
    try {
      declared = Math.multiplyExact(elements, type.size());
    } catch (ArithmeticException e) {
      declared = Long.MAX_VALUE;
    }
    List<ExternalFile> external = externalMsg == null ? List.of() : external(io, externalMsg);
    List<String> virtual = layout.layoutClass() == DataLayout.VIRTUAL
        ? virtualSources(io, layout, path, unreadable) : List.of();
    long stored = external.isEmpty() ? stored(io, layout, declared) : -1;
    List<Long> dims = new ArrayList<>();
    if (space.dims() != null) {
      for (long d : space.dims()) {
        dims.add(d);
      }
    }
    String kind = switch (layout.layoutClass()) {
      case DataLayout.COMPACT -> "compact";
      case DataLayout.CONTIGUOUS -> "contiguous";
      case DataLayout.CHUNKED -> "chunked";
      default -> "virtual";
    };
    return new Dataset(path, dims, type.size(), declared, stored, kind, external, virtual,
        location);
  }

  private static long stored(Hdf5Io io, DataLayout l, long declared) throws IOException {
    switch (l.layoutClass()) {
      case DataLayout.COMPACT:
        return l.size();
      case DataLayout.CONTIGUOUS: {
        if (l.address() < 0) {
          return 0;
        }
        long size = l.size() >= 0 ? l.size() : declared;
        io.absolute(l.address(), size, "contiguous data of " + size + " bytes");
        return size;
      }
      case DataLayout.CHUNKED: {
        if (l.address() < 0) {
          return 0; // no chunk was ever written
        }
        if (l.version() < 4) {
          long[] sum = {0};
          BTreeV1.walk(io, l.address(), BTreeV1.CHUNK, l.dimensionality(), (key, chunk) -> {
            long size = key.u32();
            io.absolute(chunk, size, "data chunk");
            sum[0] += size;
          });
          return sum[0];
        }
        return l.indexType() == 2 ? declared : -1; // implicit index: every chunk allocated
      }
      default:
        return -1;
    }
  }

  private static List<ExternalFile> external(Hdf5Io io, Message m) throws IOException {
    Cursor c = m.cursor(io);
    int version = c.u8();
    if (version != 1) {
      throw c.error("external data files message version " + version);
    }
    c.skip(3);
    c.u16(); // allocated slots
    int used = c.u16();
    long heapAddr = io.address(c);
    List<ExternalFile> out = new ArrayList<>();
    if (used == 0) {
      return out;
    }
    LocalHeap heap = LocalHeap.read(io, heapAddr);
    for (int k = 0; k < Math.min(used, Hdf5Reader.MAX_EXTERNAL_SLOTS); k++) {
      io.step(c.here());
      String name = heap.string(io, io.length(c));
      long offset = io.length(c);
      long size = c.uint(io.lengthSize); // all bits set means "unlimited"
      out.add(new ExternalFile(name, offset, size < 0 ? Long.MAX_VALUE : size));
    }
    return out;
  }

  /** Source file names of a virtual dataset's mappings, as far as they can be read. */
  private static List<String> virtualSources(Hdf5Io io, DataLayout l, String path,
      List<String> unreadable) throws IOException {
    if (l.address() < 0) {
      return List.of();
    }
    byte[] b = GlobalHeap.object(io, l.address(), l.heapIndex(), MAX_VIRTUAL_ENTRY);
    Cursor c = new Cursor(b, io.absolute(l.address(), 0, "virtual mapping"), io.where);
    c.u8(); // version
    long count = io.length(c);
    if (count < 1) {
      throw new InvalidInputException("hdf5.layout", "virtual dataset with no mappings",
          c.here());
    }
    // Selections following each name pair are not decoded, so only the first mapping's source
    // file is named; the others could name any file, so they are reported as not inspected.
    if (count > 1) {
      unreadable.add((count - 1) + " further mappings of virtual dataset " + path);
    }
    return List.of(c.cString());
  }
}
