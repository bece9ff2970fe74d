package dev.modelgate.format.hdf5;

import dev.modelgate.io.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the reader learned about an HDF5 file, even when it stopped early: the root group's
 * attributes (string values; {@code null} for values of other or unreadable types), every dataset reached, external links, structures it cannot read (so callers do not
 * mistake "not read" for "not there"), and the structural error that stopped the walk, if any.
 */
public record Hdf5File(
    int superblockVersion,
    Map<String, String> rootAttributes,
    List<Dataset> datasets,
    List<ExternalLink> externalLinks,
    List<String> unreadable,
    Optional<InvalidInputException> error) {

  /**
   * One dataset of the file, with what its messages declare.
   *
   * @param declaredBytes elements times element size; {@link Long#MAX_VALUE} if that overflows
   * @param storedBytes bytes actually allocated in the file; -1 when the index type is not read
   * @param externalFiles raw data kept in other files (External Data Files message)
   * @param virtualSources files a virtual dataset maps from ("." is this file)
   * @param location member and offset of the dataset's object header
   */
  public record Dataset(String path, List<Long> dims, long elementSize, long declaredBytes,
      long storedBytes, String layout, List<ExternalFile> externalFiles,
      List<String> virtualSources, String location) {}

  /** One External Data Files slot; {@code size} is {@link Long#MAX_VALUE} for "unlimited". */
  public record ExternalFile(String name, long offset, long size) {}

  /** A link that makes the loader open {@code file} and follow {@code object} inside it. */
  public record ExternalLink(String path, String file, String object, String location) {}
}
