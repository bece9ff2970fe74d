package dev.modelgate;

import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The verdict on one file or container member.
 *
 * @param path file path, or {@code outer!/member} for a member of a container
 * @param format detected format id, e.g. {@code pytorch-zip}, {@code unknown}
 * @param size size in bytes
 * @param sha256 lower-case hex digest, or null when not computed (see {@link ScanOptions})
 * @param verdict worst of the findings and of the members
 * @param topLevel true for a path given by the user or found by walking a directory
 */
public record ScanResult(String path, String format, long size, @Nullable String sha256,
    Verdict verdict, List<Finding> findings, boolean topLevel) {

  public ScanResult {
    findings = List.copyOf(findings);
  }
}
