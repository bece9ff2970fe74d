package dev.modelgate.format.archive;

/**
 * One member of a {@link TarArchive}, with pax / GNU long names already applied.
 *
 * @param name member path as an extractor would use it
 * @param type the typeflag character ('0' regular, '1' hard link, '2' symlink, '5' directory ...)
 * @param linkName link target for links, else empty
 * @param size bytes of data
 * @param headerOffset offset of the member's own ustar header
 * @param dataOffset offset of its data
 */
public record TarEntry(String name, char type, String linkName, long size, long headerOffset,
    long dataOffset) {

  public boolean isRegular() {
    return type == '0' || type == '\0' || type == '7';
  }

  public boolean isLink() {
    return type == '1' || type == '2';
  }

  public boolean isDevice() {
    return type == '3' || type == '4' || type == '6';
  }
}
