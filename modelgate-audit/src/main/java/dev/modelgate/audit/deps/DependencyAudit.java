package dev.modelgate.audit.deps;

import dev.modelgate.audit.rules.AuditFinding;
import dev.modelgate.audit.rules.AuditRule;
import dev.modelgate.audit.rules.Rules;
import dev.modelgate.rules.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads dependency files and installed metadata and matches them against advisories: an exact
 * version (pinned, locked, installed) that is affected is {@code dep.vulnerable}; a range that
 * allows an affected version is {@code dep.vulnerable-range}. One finding per dependency lists
 * every advisory that applies.
 */
public final class DependencyAudit {
  /** Dependency files are small; a larger one is reported rather than read. */
  public static final long MAX_FILE_BYTES = 32L << 20;

  private final OsvDatabase db;
  private final Set<Path> requirementFilesRead = new java.util.HashSet<>();
  private int dependencies;

  public DependencyAudit(OsvDatabase db) {
    this.db = db;
  }

  /** Whether the audit reads this file name as a dependency file. */
  public static boolean isDependencyFile(Path p) {
    String n = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.equals("pyproject.toml") || n.equals("poetry.lock") || n.equals("uv.lock")
        || n.equals("pylock.toml") || (n.startsWith("pylock.") && n.endsWith(".toml"))
        || n.equals("pipfile.lock") || n.equals("environment.yml") || n.equals("environment.yaml")
        || (n.startsWith("requirements") && n.endsWith(".txt"))
        || n.equals("constraints.txt");
  }

  public int dependencies() {
    return dependencies;
  }

  /** Audits one dependency file; unreadable or malformed files become {@code dep.file-error}. */
  public List<AuditFinding> auditFile(Path file, String shown) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    List<AuditFinding> out = new ArrayList<>();
    List<Dependency> deps;
    try {
      if (n.endsWith(".txt")) {
        RequirementsTxt.Result r = RequirementsTxt.read(file, shown, MAX_FILE_BYTES,
            requirementFilesRead);
        for (int k = 0; k < r.errors().size(); k++) {
          out.add(fileError(r.errorFiles().get(k), r.errors().get(k)));
        }
        deps = r.deps();
      } else {
        if (Files.size(file) > MAX_FILE_BYTES) {
          throw new DependencyFileException(shown + " is larger than " + MAX_FILE_BYTES
              + " bytes", 0);
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        deps = switch (n) {
          case "pyproject.toml" -> TomlFiles.pyproject(text, shown);
          case "poetry.lock", "uv.lock" -> TomlFiles.lock(text, shown, "package");
          case "pipfile.lock" -> OtherFiles.pipfileLock(text, shown);
          case "environment.yml", "environment.yaml" -> OtherFiles.condaEnvironment(text, shown);
          default -> TomlFiles.lock(text, shown, "packages");
        };
      }
    } catch (DependencyFileException e) {
      out.add(fileError(shown, e));
      return out;
    } catch (IOException e) {
      out.add(fileError(shown, new DependencyFileException("cannot read " + shown + ": "
          + e.getMessage(), 0)));
      return out;
    }
    for (Dependency d : deps) {
      out.addAll(match(d));
    }
    return out;
  }

  /** Audits an installed distribution's METADATA (or PKG-INFO). */
  public List<AuditFinding> auditInstalled(Path metadata, String shown) throws IOException {
    if (Files.size(metadata) > MAX_FILE_BYTES) {
      return List.of();
    }
    Dependency d = OtherFiles.metadata(Files.readString(metadata, StandardCharsets.ISO_8859_1),
        shown);
    return d == null ? List.of() : match(d);
  }

  private static AuditFinding fileError(String shown, DependencyFileException e) {
    return AuditFinding.at(Rules.DEPENDENCY_FILE, e.getMessage(), shown, e.line, "", Map.of());
  }

  List<AuditFinding> match(Dependency d) {
    dependencies++;
    List<Advisory> hits = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    Version fixedMax = null;
    for (Advisory a : db.forPackage(d.name())) {
      if (seen.contains(a.id()) || a.aliases().stream().anyMatch(seen::contains)) {
        continue; // the same vulnerability under another database's id
      }
      for (Advisory.Affected af : a.affected()) {
        if (!af.name().equals(d.name())) {
          continue;
        }
        boolean hit = d.version() != null ? af.contains(d.version()) : af.overlaps(d.spec());
        if (hit) {
          hits.add(a);
          seen.add(a.id());
          seen.addAll(a.aliases());
          for (Version f : af.fixed()) {
            if (fixedMax == null || f.compareTo(fixedMax) > 0) {
              fixedMax = f;
            }
          }
          break;
        }
      }
    }
    if (hits.isEmpty()) {
      return List.of();
    }
    boolean exact = d.version() != null;
    AuditRule rule = exact ? Rules.VULNERABLE_DEPENDENCY : Rules.VULNERABLE_RANGE;
    Severity sev = Severity.MEDIUM;
    for (Advisory a : hits) {
      if (a.severity().compareTo(sev) > 0) {
        sev = a.severity();
      }
    }
    if (!exact) {
      sev = Severity.MEDIUM; // a range is a risk of installing, not an installed flaw
    }
    List<String> labels = hits.stream().map(Advisory::label).toList();
    String what = exact ? d.name() + " " + d.version() + " is affected by "
        : d.name() + (d.spec() == null ? " (any version)" : " " + d.spec())
            + " allows versions affected by ";
    String msg = what + String.join(", ", labels.subList(0, Math.min(4, labels.size())))
        + (labels.size() > 4 ? " and " + (labels.size() - 4) + " more" : "")
        + (fixedMax == null ? "; no fixed version is known" : "; upgrade to " + d.name() + " >= "
            + fixedMax);
    Map<String, String> details = new LinkedHashMap<>();
    details.put("package", d.name());
    if (exact) {
      details.put("version", d.version().toString());
    } else {
      details.put("specifier", d.spec() == null ? "" : d.spec().toString());
    }
    details.put("advisories", String.join(" ", hits.stream().map(Advisory::id).toList()));
    details.put("aliases", String.join(" ", hits.stream().flatMap(a -> a.aliases().stream())
        .toList()));
    if (fixedMax != null) {
      details.put("fixed", fixedMax.toString());
    }
    details.put("summary", hits.get(0).summary());
    details.put("source", String.join(" ", hits.stream().map(Advisory::source).toList()));
    return List.of(new AuditFinding(rule.id(), sev, msg, d.file(), d.line(), d.line() > 0 ? 1 : 0,
        d.line(), 0, d.text(), null, details));
  }
}
