package dev.modelgate.format.archive;

/**
 * One central-directory entry of a {@link ZipArchive}, with what its local header says beside it.
 * Sizes and offsets are the central directory's (ZIP64 extra fields applied), which is what
 * PyTorch's miniz reader trusts; the data offset is computed from the LOCAL header, as every
 * extracting reader does.
 *
 * @param index position in the central directory
 * @param name decoded name (UTF-8 when flag bit 11 is set or the bytes are valid UTF-8, else CP437)
 * @param method compression method: 0 stored, 8 deflated, anything else is not read
 * @param flags central-directory general-purpose flags
 * @param localFlags local-header general-purpose flags (-1 if the local header is unreadable)
 * @param crc CRC-32 from the central directory
 * @param compressedSize bytes of member data in the file
 * @param uncompressedSize declared size once inflated
 * @param localHeaderOffset where the local header starts
 * @param dataOffset where member data starts (-1 if the local header is unreadable)
 * @param readable false when the data cannot be extracted safely (encrypted, unsupported method,
 *     out of range): such members are reported, not scanned
 */
public record ZipEntry(int index, String name, int method, int flags, int localFlags, long crc,
    long compressedSize, long uncompressedSize, long localHeaderOffset, long dataOffset,
    boolean readable) {

  public static final int STORED = 0;
  public static final int DEFLATED = 8;

  public boolean isDirectory() {
    return name.endsWith("/") && uncompressedSize == 0;
  }

  /** True when the central directory says the data is encrypted (bit 0, 6 strong, 13 masked). */
  public boolean encrypted() {
    return (flags & (1 | 1 << 6 | 1 << 13)) != 0;
  }

  /** The data's end offset in the file (exclusive). */
  public long dataEnd() {
    return dataOffset + compressedSize;
  }
}
