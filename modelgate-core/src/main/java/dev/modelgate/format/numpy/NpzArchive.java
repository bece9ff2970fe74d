package dev.modelgate.format.numpy;

import dev.modelgate.spi.Description;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the scan found in an {@code .npz}: its members in archive order, each with the
 * {@link NpyArray} its scan described (null for a member that is no readable array). The
 * members' bytes (inflated to spills when deflated) belong to the scan that kept them.
 */
public record NpzArchive(List<Member> members) implements Description {
  public NpzArchive {
    members = List.copyOf(members);
  }

  /**
   * One member of the archive.
   *
   * @param array null when the member was not read as an {@code .npy} array
   */
  public record Member(String name, @Nullable NpyArray array) {}
}
